/**
 * Rules the portal and the server both apply, in one place so that they cannot drift: what a
 * mobile number, a PIN, an Aadhaar number and a date are. Pure functions, no dependencies.
 */
export * from './aadhaar.js';
export * from './dates.js';
export * from './digits.js';
export * from './mobile.js';
export * from './pin.js';
