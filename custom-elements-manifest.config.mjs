// Describes every element for editors, documentation and CMS integrations (custom-elements.json).
export default {
  globs: ['packages/*/src/**/*.ts'],
  exclude: ['packages/*/src/**/*.test.ts', 'packages/*/src/generated/**'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // Internal reactive state (Lit `state: true`, named with a leading underscore) and protected helpers are not API.
      name: 'sozialraum-hide-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            if (declaration.attributes) declaration.attributes = declaration.attributes.filter((attribute) => !attribute.name.startsWith('_'));
            if (declaration.members) {
              declaration.members = declaration.members.filter(
                (member) => !member.name.startsWith('_') && !member.name.startsWith('#') && member.privacy !== 'private' && member.privacy !== 'protected',
              );
            }
            // The base element's emit(type, …) is seen as an event named "type"; the real events are in each @event tag.
            if (declaration.events) declaration.events = declaration.events.filter((event) => event.name !== 'type');
          }
        }
      },
    },
  ],
};
