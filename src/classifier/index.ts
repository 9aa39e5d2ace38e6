/** `airlock/classifier` (in progress). */
export {};
