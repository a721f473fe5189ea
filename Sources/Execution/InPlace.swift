/// Runs `body` on a value where it lies, through its container's modify accessor.
///
/// Reading a struct out of a dictionary's `values[i]` or a table entry copies it, retaining and
/// releasing every reference it holds (a cached account's slot table and code, a version list's
/// older versions); hot paths that only look at a few fields read them in place instead.
@inline(__always)
func inPlace<Value, R>(_ value: inout Value, _ body: (inout Value) -> R) -> R {
    body(&value)
}
