/**
 * A reason the store refuses to open that the operator must act on (folder in use, damaged file, unsafe
 * permissions, not enough memory). Entry points print its message as one line, without a stack trace.
 */
export class StoreStartupError extends Error {}
