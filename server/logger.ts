import pino from 'pino';

/** One structured logger for the server and its command-line tools. */
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: undefined });
