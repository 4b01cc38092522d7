"""The parts of `gridrules.engine.Engine`: state, denial diagnosis, queries, proof."""
