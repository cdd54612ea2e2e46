"""rich renderables shared by the command line and the Textual app: diagrams, problems, results."""
