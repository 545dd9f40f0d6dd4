import type { TargetConfiguration } from '@nx/devkit';
import type { PackageUsage } from './package-usage';

export type FrameworkKind = 'framework' | 'library';

interface FrameworkRule {
  name: string;
  kind: FrameworkKind;
  /** npm packages whose use shows it (exact names, or a scope prefix ending in "/"). */
  packages: string[];
  /** Executor packages of a target that show it (the part of "@nx/angular:webpack-browser" before ":"). */
  executors?: string[];
}

/** Ordered as printed: frameworks first, then the libraries that shape how code is written. */
const RULES: FrameworkRule[] = [
  {
    name: 'Angular',
    kind: 'framework',
    packages: ['@angular/core'],
    executors: ['@nx/angular', '@angular-devkit/build-angular', '@angular/build'],
  },
  { name: 'Next.js', kind: 'framework', packages: ['next'], executors: ['@nx/next'] },
  { name: 'Remix', kind: 'framework', packages: ['@remix-run/react', '@remix-run/node'], executors: ['@nx/remix'] },
  { name: 'React Native', kind: 'framework', packages: ['react-native'], executors: ['@nx/react-native'] },
  { name: 'Expo', kind: 'framework', packages: ['expo'], executors: ['@nx/expo'] },
  { name: 'React', kind: 'framework', packages: ['react', 'react-dom'] },
  { name: 'Nuxt', kind: 'framework', packages: ['nuxt'], executors: ['@nx/nuxt'] },
  { name: 'Vue', kind: 'framework', packages: ['vue'], executors: ['@nx/vue'] },
  { name: 'SvelteKit', kind: 'framework', packages: ['@sveltejs/kit'] },
  { name: 'Svelte', kind: 'framework', packages: ['svelte'] },
  { name: 'Solid', kind: 'framework', packages: ['solid-js'] },
  { name: 'Preact', kind: 'framework', packages: ['preact'] },
  { name: 'Lit', kind: 'framework', packages: ['lit'] },
  { name: 'Astro', kind: 'framework', packages: ['astro'] },
  { name: 'NestJS', kind: 'framework', packages: ['@nestjs/core', '@nestjs/common'], executors: ['@nx/nest'] },
  { name: 'Express', kind: 'framework', packages: ['express'], executors: ['@nx/express'] },
  { name: 'Fastify', kind: 'framework', packages: ['fastify'] },
  { name: 'Koa', kind: 'framework', packages: ['koa'] },
  { name: 'Hono', kind: 'framework', packages: ['hono'] },
  { name: 'Electron', kind: 'framework', packages: ['electron'] },
  { name: 'NgRx', kind: 'library', packages: ['@ngrx/'] },
  { name: 'Angular Material', kind: 'library', packages: ['@angular/material', '@angular/cdk'] },
  { name: 'RxJS', kind: 'library', packages: ['rxjs'] },
  { name: 'Redux Toolkit', kind: 'library', packages: ['@reduxjs/toolkit'] },
  { name: 'Redux', kind: 'library', packages: ['redux', 'react-redux'] },
  { name: 'Zustand', kind: 'library', packages: ['zustand'] },
  { name: 'MobX', kind: 'library', packages: ['mobx'] },
  { name: 'Pinia', kind: 'library', packages: ['pinia'] },
  { name: 'Vuex', kind: 'library', packages: ['vuex'] },
  { name: 'React Router', kind: 'library', packages: ['react-router', 'react-router-dom'] },
  {
    name: 'TanStack Query',
    kind: 'library',
    packages: ['@tanstack/react-query', '@tanstack/vue-query', '@tanstack/angular-query-experimental'],
  },
  { name: 'Apollo', kind: 'library', packages: ['@apollo/client', '@apollo/server', 'apollo-server'] },
  { name: 'GraphQL', kind: 'library', packages: ['graphql'] },
  { name: 'tRPC', kind: 'library', packages: ['@trpc/server', '@trpc/client'] },
  { name: 'Prisma', kind: 'library', packages: ['@prisma/client', 'prisma'] },
  { name: 'TypeORM', kind: 'library', packages: ['typeorm'] },
  { name: 'Drizzle', kind: 'library', packages: ['drizzle-orm'] },
  { name: 'Mongoose', kind: 'library', packages: ['mongoose'] },
  { name: 'Sequelize', kind: 'library', packages: ['sequelize'] },
  { name: 'Zod', kind: 'library', packages: ['zod'] },
  { name: 'styled-components', kind: 'library', packages: ['styled-components'] },
  { name: 'Emotion', kind: 'library', packages: ['@emotion/react', '@emotion/styled'] },
  { name: 'Tailwind CSS', kind: 'library', packages: ['tailwindcss'] },
];

/** A framework or library a project uses, and what showed it. */
export interface DetectedFramework {
  name: string;
  kind: FrameworkKind;
  /** Packages used (with how) and executors run, e.g. "@angular/core (import)", "executor @nx/angular". */
  evidence: string[];
  /** The matching packages the project uses. */
  packages: string[];
}

function matches(pattern: string, name: string): boolean {
  return pattern.endsWith('/') ? name.startsWith(pattern) : name === pattern;
}

function executorPackage(target: TargetConfiguration): string | undefined {
  return target.executor?.split(':')[0];
}

/** The frameworks and libraries a project's packages and targets show, in RULES order. */
export function detectFrameworks(
  packages: PackageUsage,
  targets: Record<string, TargetConfiguration>,
): DetectedFramework[] {
  const executors = new Set(
    Object.values(targets)
      .map(executorPackage)
      .filter((name): name is string => !!name),
  );
  const found: DetectedFramework[] = [];
  for (const rule of RULES) {
    const evidence: string[] = [];
    const used: string[] = [];
    for (const [name, kinds] of [...packages].sort(([a], [b]) => a.localeCompare(b))) {
      if (!rule.packages.some((pattern) => matches(pattern, name))) continue;
      used.push(name);
      evidence.push(`${name} (${kinds.join(', ')})`);
    }
    for (const executor of rule.executors ?? []) if (executors.has(executor)) evidence.push(`executor ${executor}`);
    if (evidence.length > 0) found.push({ name: rule.name, kind: rule.kind, evidence, packages: used });
  }
  return found;
}

/** "Angular, NgRx" for a table cell. */
export function frameworkNames(frameworks: DetectedFramework[]): string {
  return frameworks.map((f) => f.name).join(', ');
}
