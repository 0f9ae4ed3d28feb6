// @ts-check
// A TypeDoc plugin for the site's API reference, loaded by starlight-typedoc
// (see astro.config.mjs). It does two things the plugin does not:
// - names each package's module after its folder: TypeDoc names the entry
//   point `packages/core/src/index.ts` `core/src`; here it is `core`, so its
//   pages live at /api/core/… and its sidebar group reads `core`;
// - runs TypeDoc's validation (e.g. a `{@link}` that does not resolve, a type
//   used by an export but not exported), as the `typedoc` command does, and stops
//   the build when TypeDoc reported an error, or a validation warning under
//   `treatValidationWarningsAsErrors`. Other warnings are printed and pass.
import { Converter, ReflectionKind } from 'typedoc';

/**
 * The module name for an entry point that TypeDoc named after its path.
 *
 * @param {string} name - TypeDoc's name, e.g. `core/src` or `packages/core/src/index`.
 * @returns The package folder, e.g. `core`; any other name unchanged.
 * @example
 * packageModuleName('core/src'); // 'core'
 */
export function packageModuleName(name) {
  const match = /(?:^|\/)([^/]+)\/src(?:\/index)?$/.exec(name);
  return match?.[1] ?? name;
}

/**
 * Called by TypeDoc when it loads the plugin.
 *
 * @param {import('typedoc').Application} app
 */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      module.name = packageModuleName(module.name);
    }
  });
  // At the end of conversion, where an exception stops starlight-typedoc and
  // so the build (TypeDoc catches those thrown while it renders).
  app.converter.on(Converter.EVENT_END, (context) => {
    app.validate(context.project);
    const validationWarnings = app.logger.validationWarningCount;
    const strict = app.options.getValue('treatValidationWarningsAsErrors');
    if (app.logger.hasErrors() || (strict && validationWarnings > 0)) {
      const found = [`${app.logger.errorCount} error(s)`, ...(strict ? [`${validationWarnings} validation warning(s)`] : [])];
      throw new Error(`TypeDoc found ${found.join(' and ')} in the API reference; see the messages above.`);
    }
  });
}
