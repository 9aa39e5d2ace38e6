/** `airlock/transports` (in progress). */
export {};
