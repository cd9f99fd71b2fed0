/// <reference types="vite/client" />
// Lets the kiosk's TypeScript import its stylesheets (Vite bundles them).
