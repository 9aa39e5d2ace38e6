/** `airlock/redact` (in progress). */
export {};
