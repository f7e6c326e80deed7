"""Required documents: types, requirements, uploads and their review."""
