import path from 'node:path';

const APP = path.join('src', 'app');

/** The feature a file belongs to ("runs" for src/features/runs/RunsPage.tsx), or null. */
function featureOf(file, root) {
  const [top, name, ...rest] = path.relative(root, file).split(path.sep);
  return top === 'src' && name === 'features' && rest.length > 1 ? rest[0] : null;
}

/** Features import api/, components/, entities/, lib/ and the like, never another feature nor the app. */
export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'A feature may not import another feature or src/app' },
    messages: {
      otherFeature: 'features/{{from}} may not import features/{{to}}: move what both need to src/entities or src/components.',
      app: 'features/{{from}} may not import src/app (the app imports the features).',
    },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const from = featureOf(context.filename, root);
    if (!from) return {};
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), spec);
      const to = featureOf(target, root) ?? (path.relative(root, target).startsWith(APP) ? 'app' : null);
      if (to === 'app') context.report({ node: node.source, messageId: 'app', data: { from } });
      else if (to && to !== from) context.report({ node: node.source, messageId: 'otherFeature', data: { from, to } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
