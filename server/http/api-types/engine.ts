// The capacity-engine part of the wire format, as the client imports it
// (type-only, erased at build). The shapes are defined where they are
// produced, in server/views/responses.ts, so this file only passes them on.
export type * from '../../views/responses.ts'
