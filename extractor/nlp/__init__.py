"""NLP layer: spaCy + medspaCy over a Document's normalised text -> `Finding`s.

spaCy objects never leave this package.
"""
