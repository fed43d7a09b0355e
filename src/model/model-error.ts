import { TsmigError } from '../errors.js'

/** A model that cannot be turned into a schema: the message names the table, column or enum at fault. */
export class ModelError extends TsmigError {}
