// The loss namespace: filled in by its issue.
export {};
