/** The `airlock` command line (in progress). */
export {};
