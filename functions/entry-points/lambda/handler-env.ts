/**
 * Environment read once at cold start: a misconfigured function fails its first call loudly, naming the
 * variable, instead of running with a silent default.
 */
export function requiredEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

export function optionalEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env[name];
  return value ? value : undefined;
}

export function integerEnv(
  name: string,
  fallback: number,
  range: { min: number; max: number },
  env: NodeJS.ProcessEnv = process.env,
): number {
  const text = env[name];
  if (!text) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new Error(
      `environment variable ${name} must be an integer ${range.min}-${range.max}, got "${text}"`,
    );
  }
  return value;
}
