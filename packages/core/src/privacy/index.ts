// Disclosure control: small counts suppressed, small and near-duplicate areas withheld, confidential counts perturbed
// by the cell-key method, published areas kept in a ledger, estimates flagged.
export * from './suppression.js';
export * from './near-duplicates.js';
export * from './audit.js';
export * from './hierarchy.js';
export * from './cellkey.js';
export * from './ledger.js';
export * from './secret.js';
export * from './record-keys.js';
