import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The UI is served by the Meshwork server at `/`; `npm run dev -w @meshwork/web` proxies /api to it. */
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, reportCompressedSize: true },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
