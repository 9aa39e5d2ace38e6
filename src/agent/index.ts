/** `airlock/agent` (in progress). */
export {};
