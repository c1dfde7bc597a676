import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// In development the API runs on its own port; Vite forwards API paths to it.
const apiTarget = `http://127.0.0.1:${process.env.PORT ?? "3000"}`;
const proxied = ["/trpc", "/health", "/ready", "/e", "/i", "/u"];

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(proxied.map((path) => [path, apiTarget])),
  },
  build: { outDir: "dist", emptyOutDir: true },
});
