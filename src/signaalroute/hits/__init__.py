"""The regional hit/no-hit index: "is this subject known in another municipality of the
region?" Keyed hashes of identifiers per municipality, the focal officer's question, and the
exchange between installations. It knows no signals or traces: `stacking` hands it the
identifiers of a signal's traces (`hit_sources_replace`) after each save has committed."""
