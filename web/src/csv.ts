// The base registry import's parsing lives in shared/base-import.ts (the import route checks the
// same way); the page uses its sample and column names.
export * from '../../shared/base-import';
