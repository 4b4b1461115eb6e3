// socket.io's own wire format, with every outgoing packet passed through the
// redaction replacer (security/redact.ts): whatever a push carries (collector
// health with a target's error text, a refused config, an import's errors),
// no credential leaves in it. Decoding is untouched. The browser's standard
// parser reads these packets as usual.
import { Decoder, Encoder } from 'socket.io-parser'
import { jsonReplacer } from '../security/redact.ts'

class RedactingEncoder extends Encoder {
  constructor() {
    super(jsonReplacer)
  }
}

export const redactingParser = { Encoder: RedactingEncoder, Decoder }
