// Disclosure control: small counts suppressed, small and near-duplicate areas withheld, estimates flagged.
export * from './suppression.js';
export * from './near-duplicates.js';
export * from './audit.js';
export * from './hierarchy.js';
