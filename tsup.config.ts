import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    xlsx: 'src/xlsx.ts',
    testing: 'src/testing/index.ts',
    pdf: 'src/pdf.ts',
    http: 'src/http.ts',
    postgres: 'src/postgres.ts',
    smtp: 'src/smtp.ts',
  },
  format: ['esm', 'cjs'],
  // TypeScript 6 deprecates baseUrl, which tsup's dts build still sets (TOOLCHAIN gotcha 3).
  dts: { compilerOptions: { ignoreDeprecations: '6.0' } },
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: 'node20',
  platform: 'neutral',
  splitting: true,
});
