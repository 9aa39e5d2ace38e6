/** `airlock/trust` (in progress). */
export {};
