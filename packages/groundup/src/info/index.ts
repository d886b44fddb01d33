// The info namespace: filled in by its issue.
export {};
