// Builds the single-page app into client/dist, which the Headroom server
// serves as static files on the same port as the API. In `npm run dev` the
// Vite dev server proxies the API, metrics and the socket to a running
// server, so the browser always talks to one origin (no CORS, same tokens).
import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const backend = process.env.HEADROOM_DEV_BACKEND ?? 'http://127.0.0.1:8080'

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // chart.js and socket.io-client are the bulk; one chunk is fine for a
    // dashboard that is loaded once and left open for days.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/metrics': { target: backend, changeOrigin: true },
      '/socket.io': { target: backend, changeOrigin: true, ws: true },
    },
  },
  preview: { host: '127.0.0.1' },
})
