// The prob namespace: filled in by its issue.
export {};
