export * from "./sql-client";
export * from "./postgres-client";
export * from "./pglite-client";
export * from "./migrations";
