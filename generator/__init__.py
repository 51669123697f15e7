"""The corpus model, validator and page generator of a policy portal.

The package holds code and templates only; every command works on a project folder
(``generator.project.Project``: the current directory, or ``portal -C DIR``).
"""
