"""Review tools: storyboard contact sheets and the automatic layout check."""
