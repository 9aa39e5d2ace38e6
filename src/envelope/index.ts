/** `airlock/envelope` (in progress). */
export {};
