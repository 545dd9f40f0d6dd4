import { packageNameOf } from './package-usage';

describe('packageNameOf', () => {
  it.each([
    ['@angular/core', '@angular/core'],
    ['@ngrx/store/testing', '@ngrx/store'],
    ['rxjs/operators', 'rxjs'],
    ['react-dom/client', 'react-dom'],
    ['lodash.debounce', 'lodash.debounce'],
  ])('%s is package %s', (specifier, name) => {
    expect(packageNameOf(specifier)).toBe(name);
  });

  it.each([['./app.component'], ['../lib'], ['/abs/path'], ['node:fs'], ['@scope'], ['~/alias'], ['']])(
    '%s is no package',
    (specifier) => {
      expect(packageNameOf(specifier)).toBeUndefined();
    },
  );
});
