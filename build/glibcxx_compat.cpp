// Stands in for std::ios_base_library_init(), which GCC 13 code references (symbol version
// GLIBCXX_3.4.32) to order <iostream> initialisation. Older libstdc++ initialises the standard
// streams by itself, so the hook has nothing to do. See torchsharp_native.py.
namespace std
{
    void ios_base_library_init() {}
}
