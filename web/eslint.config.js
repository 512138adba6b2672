import babelParser from '@babel/eslint-parser';
import { featureBoundaries } from './eslint-rules/feature-boundaries.js';

// TypeScript 7 has no JS API, so typescript-eslint cannot parse here; Babel's parser reads TS and TSX without it.
export default [
  { ignores: ['dist/**', 'node_modules/**', 'browser/**', 'src/api/generated.ts'] },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: {
      parser: babelParser,
      parserOptions: { requireConfigFile: false, babelOptions: { babelrc: false, configFile: false, presets: ['@babel/preset-typescript'] } },
    },
    plugins: { boundaries: { rules: { features: featureBoundaries } } },
    rules: { 'boundaries/features': 'error' },
  },
];
