// JUnit XML: checked with a small well-formedness parser (elements nest and close, attribute
// values are quoted, text has only the five predefined entities or character references).
#include <cctype>

#include "junit.h"
#include "test_util.h"

namespace racelight::test {
namespace {

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::vector<Element> children;
  std::string text;
};

class MiniXml {
 public:
  explicit MiniXml(const std::string& s) : s_(s) {}

  // Parses the document; on failure returns false with `error` set.
  bool parse(Element& root, std::string& error) {
    if (s_.rfind("<?xml", 0) == 0) {
      size_t end = s_.find("?>");
      if (end == std::string::npos) return fail("unterminated XML declaration", error);
      pos_ = end + 2;
    }
    skip_space();
    if (!element(root, error)) return false;
    skip_space();
    if (pos_ != s_.size()) return fail("content after the root element", error);
    return true;
  }

 private:
  bool fail(const std::string& what, std::string& error) {
    error = what + " at offset " + std::to_string(pos_);
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool name(std::string& out) {
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) ||
                                s_[pos_] == '_' || s_[pos_] == '-' || s_[pos_] == '.' ||
                                s_[pos_] == ':'))
      ++pos_;
    out = s_.substr(start, pos_ - start);
    return !out.empty();
  }
  // Decodes text up to `stop`, checking entities.
  bool chars(char stop, std::string& out, std::string& error) {
    while (pos_ < s_.size() && s_[pos_] != stop) {
      char c = s_[pos_];
      if (c == '<') return fail("raw '<' in text", error);
      if (c == '&') {
        size_t semi = s_.find(';', pos_);
        if (semi == std::string::npos) return fail("unterminated entity", error);
        std::string ent = s_.substr(pos_ + 1, semi - pos_ - 1);
        static const std::map<std::string, std::string> kEntities = {
            {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}};
        if (kEntities.count(ent)) {
          out += kEntities.at(ent);
        } else if (ent.size() > 1 && ent[0] == '#') {
          bool hex = ent[1] == 'x';
          std::string digits = ent.substr(hex ? 2 : 1);
          if (digits.empty() || digits.find_first_not_of(hex ? "0123456789abcdefABCDEF"
                                                             : "0123456789") != std::string::npos)
            return fail("bad character reference &" + ent + ";", error);
          long code = std::stol(digits, nullptr, hex ? 16 : 10);
          if (code < 0x20 && code != 9 && code != 10 && code != 13)
            return fail("character reference to a control character", error);
          out += static_cast<char>(code < 0x80 ? code : '?');
        } else {
          return fail("unknown entity &" + ent + ";", error);
        }
        pos_ = semi + 1;
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return fail("control character in text", error);
      out += c;
      ++pos_;
    }
    return true;
  }
  bool element(Element& e, std::string& error) {
    if (pos_ >= s_.size() || s_[pos_] != '<') return fail("expected '<'", error);
    ++pos_;
    if (!name(e.name)) return fail("expected an element name", error);
    while (true) {
      skip_space();
      if (pos_ >= s_.size()) return fail("unterminated start tag", error);
      if (s_.compare(pos_, 2, "/>") == 0) {
        pos_ += 2;
        return true;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        break;
      }
      std::string attr;
      if (!name(attr)) return fail("expected an attribute name", error);
      if (e.attributes.count(attr)) return fail("duplicate attribute " + attr, error);
      if (pos_ >= s_.size() || s_[pos_] != '=') return fail("expected '='", error);
      ++pos_;
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\''))
        return fail("unquoted attribute value", error);
      char quote = s_[pos_++];
      std::string value;
      if (!chars(quote, value, error)) return false;
      if (pos_ >= s_.size()) return fail("unterminated attribute value", error);
      ++pos_;
      e.attributes[attr] = value;
    }
    while (true) {
      if (!chars('<', e.text, error)) return false;
      if (pos_ >= s_.size()) return fail("unclosed element " + e.name, error);
      if (s_.compare(pos_, 2, "</") == 0) {
        pos_ += 2;
        std::string closing;
        if (!name(closing) || closing != e.name)
          return fail("</" + closing + "> closes <" + e.name + ">", error);
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') return fail("expected '>'", error);
        ++pos_;
        return true;
      }
      Element child;
      if (!element(child, error)) return false;
      e.children.push_back(std::move(child));
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
};

Element parse_xml(const std::string& xml) {
  Element root;
  std::string error;
  MiniXml parser(xml);
  EXPECT_TRUE(parser.parse(root, error)) << error << "\n" << xml;
  return root;
}

std::vector<const Element*> testcases(const Element& suite) {
  std::vector<const Element*> out;
  for (const Element& c : suite.children)
    if (c.name == "testcase") out.push_back(&c);
  return out;
}

TEST(Junit, OneFailingTestcasePerReport) {
  std::string xml = render(Format::kJunit, process({"all.jsonl", "data_race_rerun.jsonl"}),
                           plain_options());
  Element suite = parse_xml(xml);
  EXPECT_EQ(suite.name, "testsuite");
  EXPECT_EQ(suite.attributes["name"], "racelight");
  EXPECT_EQ(suite.attributes["tests"], "5");
  EXPECT_EQ(suite.attributes["failures"], "5");
  auto cases = testcases(suite);
  ASSERT_EQ(cases.size(), 5u);
  const Element& deadlock = *cases[1];
  EXPECT_EQ(deadlock.attributes.at("classname"), "racelight.deadlock");
  EXPECT_EQ(deadlock.attributes.at("file"), "src/bank.cc");
  ASSERT_EQ(deadlock.children.size(), 1u);
  const Element& failure = deadlock.children[0];
  EXPECT_EQ(failure.name, "failure");
  EXPECT_EQ(failure.attributes.at("type"), "deadlock");
  // The text rendering, unescaped back, with no colour codes.
  EXPECT_NE(failure.text.find("   11 |   std::lock_guard<std::mutex> b(to.m);\n"), std::string::npos)
      << failure.text;
  EXPECT_NE(failure.text.find("#2 transfer(Account&, Account&, long) src/bank.cc:11:31"),
            std::string::npos);
  EXPECT_EQ(failure.text.find('\033'), std::string::npos);
  EXPECT_NE(cases[0]->children[0].text.find("seen 3 times"), std::string::npos);
}

TEST(Junit, SinglePassingTestcaseWhenClean) {
  std::string xml = render(Format::kJunit, process({"mutex_misuse.jsonl"}, "mutex:*\n"),
                           plain_options());
  Element suite = parse_xml(xml);
  EXPECT_EQ(suite.attributes["tests"], "1");
  EXPECT_EQ(suite.attributes["failures"], "0");
  auto cases = testcases(suite);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_TRUE(cases[0]->children.empty());
  ASSERT_EQ(suite.children[0].name, "properties");
  EXPECT_EQ(suite.children[0].children[0].attributes.at("value"), "1");
}

TEST(Junit, EscapesEverything) {
  Report r = parse(std::string(R"J({"kind":"data-race","message":"<&> \"quoted\" 'single' )J") +
                   R"J(\u0001ctl\u001b[31m","events":[{"role":"a&b","description":"]]> <x/>",)J" +
                   R"J("stack":[{"function":"f<int>","file":"a&b.c","line":3,"column":1}]}]})J");
  ReportSet set = one_report(r);
  std::string xml = render(Format::kJunit, set, plain_options());
  Element suite = parse_xml(xml);
  auto cases = testcases(suite);
  ASSERT_EQ(cases.size(), 1u);
  EXPECT_NE(cases[0]->attributes.at("name").find("<&> \"quoted\" 'single' "), std::string::npos);
  EXPECT_NE(cases[0]->children[0].text.find("]]> <x/>"), std::string::npos);
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
  EXPECT_EQ(xml_escape("a\x01" "b"), "a\xEF\xBF\xBD" "b");
}

}  // namespace
}  // namespace racelight::test
