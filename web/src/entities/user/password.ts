/** The API's password rules (auth.ValidatePassword): 12–128 characters, not only spaces. */
export const MIN_PASSWORD = 12;
export const MAX_PASSWORD = 128;
