/**
 * Errors the venue answers, in Binance's shape: an HTTP status and a `{code, msg}` body. Thrown by
 * request handlers and turned into the response by the REST layer; never crosses to clients as
 * anything but that JSON.
 */
export class VenueApiError extends Error {
  readonly status: number;
  readonly venueCode: number;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    venueCode: number,
    msg: string,
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(msg);
    this.name = 'VenueApiError';
    this.status = status;
    this.venueCode = venueCode;
    this.headers = headers;
  }

  body(): { code: number; msg: string } {
    return { code: this.venueCode, msg: this.message };
  }
}

/** 400 with a Binance code. */
export function badRequest(code: number, msg: string): VenueApiError {
  return new VenueApiError(400, code, msg);
}

export const mandatory = (name: string): VenueApiError =>
  badRequest(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);

export const invalidParam = (name: string): VenueApiError =>
  badRequest(-1130, `Data sent for parameter '${name}' is not valid.`);
