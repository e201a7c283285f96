"""Channel-conflict dashboard: data build, queries, overlap model and chart builders."""
