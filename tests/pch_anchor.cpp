// Anchors the precompiled catch.hpp that every test reuses (tests/CMakeLists.txt).
