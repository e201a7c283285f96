"""Chart builders: pure functions from frames to Plotly figures, one house style."""
