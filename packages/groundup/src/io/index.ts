// The io namespace: filled in by its issue.
export {};
