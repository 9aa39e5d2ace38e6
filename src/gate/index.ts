/** `airlock/gate` (in progress). */
export {};
