// The nn namespace: filled in by its issue.
export {};
