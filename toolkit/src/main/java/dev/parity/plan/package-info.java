/**
 * Plan files, the YAML or JSON documents in which users state limits (validation gates, bench
 * targets): one strict reader whose errors name the file, line and key. Knows no particular plan.
 */
package dev.parity.plan;
