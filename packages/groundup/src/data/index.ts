// The data namespace: filled in by its issue.
export {};
