"""Criteria layer: findings -> one `CriterionResult` per criterion of the spec."""
