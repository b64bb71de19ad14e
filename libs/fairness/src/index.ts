// Pure functions over node:crypto: no framework, no I/O. The verifier script imports this.
export * from './entry-list';
export * from './ordering';
export * from './proof';
export * from './seed';
export * from './verify-proof';
export * from './paging';
