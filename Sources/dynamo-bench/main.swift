print("dynamo-bench: not written yet")
