<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="vi_VN">
<context>
    <name>Accounts</name>
    <message>
        <source>{user} does not hold the right {right}</source>
        <translation>{user} không có quyền {right}</translation>
    </message>
    <message>
        <source>{user} may not see site {site}</source>
        <translation>{user} không được xem địa điểm {site}</translation>
    </message>
    <message>
        <source>an email address has at most 254 characters</source>
        <translation>địa chỉ email có tối đa 254 ký tự</translation>
    </message>
    <message>
        <source>{email!r} is not an email address</source>
        <translation>{email!r} không phải là địa chỉ email</translation>
    </message>
    <message>
        <source>too short: {length} characters; a password needs at least {minimum}</source>
        <extracomment>Accepted, not a limit users are expected to reach; it only bounds the hashing work. zxcvbn score (0-4) a password must reach: 3 is &quot;safely unguessable&quot; against online and throttled guessing. zxcvbn estimates at most this many characters; a longer password is judged by its start. At least the OWASP minimum for argon2id (m = 19 MiB, t = 2, p = 1).</extracomment>
        <translation>quá ngắn: {length} ký tự; mật khẩu cần ít nhất {minimum} ký tự</translation>
    </message>
    <message>
        <source>too long: at most {maximum} characters</source>
        <translation>quá dài: tối đa {maximum} ký tự</translation>
    </message>
    <message>
        <source>this password is on the list of common passwords</source>
        <translation>mật khẩu này nằm trong danh sách mật khẩu phổ biến</translation>
    </message>
    <message>
        <source>too easy to guess{hint}; a few unrelated words make a strong password</source>
        <translation>quá dễ đoán{hint}; vài từ không liên quan với nhau tạo thành một mật khẩu mạnh</translation>
    </message>
    <message>
        <source>Administrator</source>
        <translation>Quản trị viên</translation>
    </message>
    <message>
        <source>Engineer</source>
        <translation>Kỹ sư</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Vận hành viên</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>Người xem</translation>
    </message>
    <message>
        <source>{role!r} is not a role; choose one of {roles}</source>
        <extracomment>Roles that must use a second factor unless an administrator changes it.</extracomment>
        <translation>{role!r} không phải là vai trò; hãy chọn một trong {roles}</translation>
    </message>
    <message>
        <source>accounts exist already; an administrator adds the next ones</source>
        <extracomment>A window session left open by a program that died is taken as ended after this long.</extracomment>
        <translation>đã có tài khoản; quản trị viên sẽ thêm các tài khoản tiếp theo</translation>
    </message>
    <message>
        <source>{email} has an account already</source>
        <translation>{email} đã có tài khoản</translation>
    </message>
    <message>
        <source>{email} withdrew; restore the account from the privacy requests</source>
        <translation>{email} đã rút lại tài khoản; hãy khôi phục tài khoản từ danh sách yêu cầu về quyền riêng tư</translation>
    </message>
    <message>
        <source>no account has the email {email}</source>
        <translation>không có tài khoản nào có email {email}</translation>
    </message>
    <message>
        <source>{email} is the last active administrator</source>
        <translation>{email} là quản trị viên đang hoạt động cuối cùng</translation>
    </message>
    <message>
        <source>too many failed attempts: try again after {time}</source>
        <translation>quá nhiều lần thử không thành công: hãy thử lại sau {time}</translation>
    </message>
    <message>
        <source>wrong email or password</source>
        <translation>sai email hoặc mật khẩu</translation>
    </message>
    <message>
        <source>this account is disabled; ask an administrator</source>
        <translation>tài khoản này đã bị vô hiệu hóa; hãy liên hệ quản trị viên</translation>
    </message>
    <message>
        <source>this account was withdrawn; an administrator can restore it for a while</source>
        <translation>tài khoản này đã được rút lại; quản trị viên có thể khôi phục trong một thời gian</translation>
    </message>
    <message>
        <source>enter the code from your authenticator app</source>
        <translation>hãy nhập mã từ ứng dụng xác thực của bạn</translation>
    </message>
    <message>
        <source>this recovery code is wrong or was used already</source>
        <translation>mã khôi phục này sai hoặc đã được dùng</translation>
    </message>
    <message>
        <source>this code was used already; wait for the next one</source>
        <translation>mã này đã được dùng; hãy chờ mã tiếp theo</translation>
    </message>
    <message>
        <source>wrong code</source>
        <translation>sai mã</translation>
    </message>
    <message>
        <source>the current password is wrong</source>
        <translation>mật khẩu hiện tại không đúng</translation>
    </message>
    <message>
        <source>wrong code: check the time on your phone</source>
        <translation>sai mã: hãy kiểm tra giờ trên điện thoại</translation>
    </message>
    <message>
        <source>set up the second factor first</source>
        <translation>hãy thiết lập xác thực hai yếu tố trước</translation>
    </message>
</context>
<context>
    <name>AddUserForm</name>
    <message>
        <source>Add an account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Tổ chức</translation>
    </message>
    <message>
        <source>Initial password</source>
        <translation>Mật khẩu ban đầu</translation>
    </message>
    <message>
        <source>Initial password again</source>
        <translation>Nhập lại mật khẩu ban đầu</translation>
    </message>
</context>
<context>
    <name>Alarm</name>
    <message>
        <source>{count} new alarms</source>
        <extracomment>More new alarms than this at once get one summary notification instead of one each.</extracomment>
        <translation>{count} cảnh báo mới</translation>
    </message>
    <message>
        <source>Most urgent: {text}</source>
        <translation>Khẩn cấp nhất: {text}</translation>
    </message>
    <message>
        <source>{priority} alarm</source>
        <translation>Cảnh báo mức {priority}</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Khẩn cấp</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Cao</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Trung bình</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Thấp</translation>
    </message>
    <message>
        <source>no such alarm</source>
        <extracomment>Where operators&apos; actions are audited (the runtime&apos;s trail; None in tests of the engine alone). Alarms the clock must look at: shelved (expiry) or chattering (end of chatter).</extracomment>
        <translation>không có cảnh báo này</translation>
    </message>
    <message>
        <source>{user} does not hold the right {right}</source>
        <translation>{user} không có quyền {right}</translation>
    </message>
    <message>
        <source>nothing to acknowledge: the alarm is {state}</source>
        <translation>không có gì để xác nhận: cảnh báo đang ở trạng thái {state}</translation>
    </message>
    <message>
        <source>cannot shelve an alarm that is {state}</source>
        <translation>không thể tạm ẩn cảnh báo đang ở trạng thái {state}</translation>
    </message>
    <message>
        <source>a shelf must end in the future and within 24 hours</source>
        <translation>thời hạn tạm ẩn phải kết thúc trong tương lai và trong vòng 24 giờ</translation>
    </message>
    <message>
        <source>the alarm is not shelved</source>
        <translation>cảnh báo không ở trạng thái tạm ẩn</translation>
    </message>
    <message>
        <source>the alarm is already out of service</source>
        <translation>cảnh báo đã ở trạng thái ngừng phục vụ</translation>
    </message>
    <message>
        <source>the alarm is already in service</source>
        <translation>cảnh báo đã ở trạng thái đang phục vụ</translation>
    </message>
</context>
<context>
    <name>AlarmBanner</name>
    <message>
        <source>Mute</source>
        <translation>Tắt tiếng</translation>
    </message>
    <message>
        <source> (+{count} more)</source>
        <translation> (+{count} cảnh báo khác)</translation>
    </message>
    <message>
        <source>{priority}: {message}{more}</source>
        <translation>{priority}: {message}{more}</translation>
    </message>
    <message>
        <source>No unacknowledged alarms ({count} standing)</source>
        <translation>Không có cảnh báo chưa xác nhận ({count} đang tồn tại)</translation>
    </message>
    <message>
        <source>{rate} alarms / 10 min</source>
        <translation>{rate} cảnh báo / 10 phút</translation>
    </message>
    <message>
        <source>FLOOD: {text}, first out: {first}</source>
        <translation>QUÁ TẢI CẢNH BÁO: {text}, cảnh báo đầu tiên: {first}</translation>
    </message>
    <message>
        <source>Muted ({missed} missed)</source>
        <translation>Đã tắt tiếng ({missed} bị bỏ lỡ)</translation>
    </message>
    <message>
        <source>Sounds cannot be played on this computer</source>
        <translation>Máy tính này không phát được âm thanh</translation>
    </message>
</context>
<context>
    <name>AlarmHistoryDialog</name>
    <message>
        <source>Alarm history</source>
        <translation>Lịch sử cảnh báo</translation>
    </message>
    <message>
        <source>Filter: alarm, message, event, person or comment</source>
        <translation>Lọc: cảnh báo, nội dung, sự kiện, người thực hiện hoặc ghi chú</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Mọi mức ưu tiên</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Chosen period</source>
        <translation>Khoảng thời gian đã chọn</translation>
    </message>
    <message>
        <source>Last {days} days</source>
        <translation>{days} ngày qua</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>24 giờ qua</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Hiển thị</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>to</source>
        <translation>đến</translation>
    </message>
    <message>
        <source>The end of the period comes before its start.</source>
        <translation>Thời điểm kết thúc đứng trước thời điểm bắt đầu.</translation>
    </message>
    <message>
        <source>Reading the journal…</source>
        <translation>Đang đọc nhật ký…</translation>
    </message>
    <message>
        <source>The journal could not be read: {problem}</source>
        <translation>Không đọc được nhật ký: {problem}</translation>
    </message>
    <message>
        <source>{shown} of {count} entries</source>
        <translation>{shown} trên {count} mục</translation>
    </message>
    <message>
        <source>the period holds more: the oldest are left out; choose a shorter one</source>
        <translation>khoảng thời gian có nhiều mục hơn: các mục cũ nhất bị lược bỏ; hãy chọn khoảng ngắn hơn</translation>
    </message>
    <message>
        <source>Export the alarm history</source>
        <translation>Xuất lịch sử cảnh báo</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>Not exported: {problem}</source>
        <translation>Chưa xuất: {problem}</translation>
    </message>
    <message>
        <source>{count} entries written to {file}.</source>
        <translation>Đã ghi {count} mục vào {file}.</translation>
    </message>
</context>
<context>
    <name>AlarmListModel</name>
    <message>
        <source>Priority</source>
        <extracomment>Which alarms the signed-in account may see (by the point&apos;s site).</extracomment>
        <translation>Mức ưu tiên</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Điểm đo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
</context>
<context>
    <name>AlarmPanel</name>
    <message>
        <source>Filter alarms: message, alarm or point</source>
        <extracomment>The shelving durations offered, in seconds: a quarter-hour, an hour, a shift, a day.</extracomment>
        <translation>Lọc cảnh báo: nội dung, cảnh báo hoặc điểm đo</translation>
    </message>
    <message>
        <source>All priorities</source>
        <translation>Mọi mức ưu tiên</translation>
    </message>
    <message>
        <source>Comment for the journal (optional)</source>
        <translation>Ghi chú vào nhật ký (không bắt buộc)</translation>
    </message>
    <message>
        <source>Acknowledge (F9)</source>
        <translation>Xác nhận (F9)</translation>
    </message>
    <message>
        <source>Acknowledge all shown (Shift+F9)</source>
        <translation>Xác nhận tất cả đang hiển thị (Shift+F9)</translation>
    </message>
    <message>
        <source>Shelve…</source>
        <translation>Tạm ẩn…</translation>
    </message>
    <message>
        <source>for {minutes:g} minutes</source>
        <translation>trong {minutes:g} phút</translation>
    </message>
    <message>
        <source>for {hours:g} hours</source>
        <translation>trong {hours:g} giờ</translation>
    </message>
</context>
<context>
    <name>AlarmState</name>
    <message>
        <source>Normal</source>
        <translation>Bình thường</translation>
    </message>
    <message>
        <source>Unacknowledged</source>
        <translation>Chưa xác nhận</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Đã xác nhận</translation>
    </message>
    <message>
        <source>Returned, unacknowledged</source>
        <translation>Đã trở về bình thường, chưa xác nhận</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>Đã tạm ẩn</translation>
    </message>
    <message>
        <source>Suppressed</source>
        <translation>Bị chặn</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Ngừng phục vụ</translation>
    </message>
</context>
<context>
    <name>AlertOutboxDialog</name>
    <message>
        <source>Alerts: outbox and channels</source>
        <translation>Thông báo: hộp thư đi và các kênh</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Tải lại</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Channel:</source>
        <translation>Kênh:</translation>
    </message>
    <message>
        <source>to the account (default: you)</source>
        <translation>tới tài khoản (mặc định: chính bạn)</translation>
    </message>
    <message>
        <source>Send &amp;test message</source>
        <translation>Gửi tin &amp;thử</translation>
    </message>
    <message>
        <source>The outbox cannot be read: {why}</source>
        <translation>Không đọc được hộp thư đi: {why}</translation>
    </message>
    <message>
        <source>In the outbox: {counts}</source>
        <translation>Trong hộp thư đi: {counts}</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>trống</translation>
    </message>
    <message>
        <source>Sending a test message through {channel}…</source>
        <translation>Đang gửi tin thử qua {channel}…</translation>
    </message>
    <message>
        <source>Not sent: {why}</source>
        <translation>Chưa gửi: {why}</translation>
    </message>
    <message>
        <source>Test message sent: {result}</source>
        <translation>Đã gửi tin thử: {result}</translation>
    </message>
    <message>
        <source>The test message was not sent: {result}</source>
        <translation>Tin thử không gửi được: {result}</translation>
    </message>
</context>
<context>
    <name>Alerts</name>
    <message>
        <source>Critical</source>
        <extracomment>More notifications than this for one person and channel at once make one summary. A summary lists this many alarms, most urgent first, then says how many more.</extracomment>
        <translation>Khẩn cấp</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Cao</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Trung bình</translation>
    </message>
    <message>
        <source>Low</source>
        <translation>Thấp</translation>
    </message>
    <message>
        <source>Returned to normal</source>
        <translation>Đã trở lại bình thường</translation>
    </message>
    <message>
        <source>Acknowledged by {who}</source>
        <translation>Đã được {who} xác nhận</translation>
    </message>
    <message>
        <source>Not acknowledged: escalated to you (tier {tier})</source>
        <translation>Chưa được xác nhận: chuyển lên bạn (cấp {tier})</translation>
    </message>
    <message>
        <source>Test message</source>
        <translation>Tin thử</translation>
    </message>
    <message>
        <source>{priority} alarm</source>
        <translation>Cảnh báo mức {priority}</translation>
    </message>
    <message>
        <source>Site: {site}</source>
        <translation>Nhà máy: {site}</translation>
    </message>
    <message>
        <source>Point: {point}</source>
        <translation>Điểm đo: {point}</translation>
    </message>
    <message>
        <source>Value: {value}</source>
        <translation>Giá trị: {value}</translation>
    </message>
    <message>
        <source>Since: {time}</source>
        <translation>Từ: {time}</translation>
    </message>
    <message>
        <source>At: {time}</source>
        <translation>Lúc: {time}</translation>
    </message>
    <message>
        <source>Comment: {comment}</source>
        <translation>Ghi chú: {comment}</translation>
    </message>
    <message>
        <source>Alarm {key} — reference {ref}</source>
        <translation>Cảnh báo {key} — mã tham chiếu {ref}</translation>
    </message>
    <message>
        <source>Reply ACK {number} to acknowledge</source>
        <translation>Trả lời ACK {number} để xác nhận</translation>
    </message>
    <message>
        <source>[{priority}] {count} alarms at {sites}</source>
        <translation>[{priority}] {count} cảnh báo tại {sites}</translation>
    </message>
    <message>
        <source>{count} alarms in a flood ({counts}); the most urgent:</source>
        <translation>{count} cảnh báo dồn dập ({counts}); khẩn nhất:</translation>
    </message>
    <message>
        <source>… and {count} more: see the alarm list.</source>
        <translation>… và {count} cảnh báo khác: xem danh sách cảnh báo.</translation>
    </message>
    <message>
        <source>{count} alarms at {sites} ({counts}). First: {what}</source>
        <translation>{count} cảnh báo tại {sites} ({counts}). Đầu tiên: {what}</translation>
    </message>
    <message>
        <source>Wattkeeper test message</source>
        <translation>Tin thử của Wattkeeper</translation>
    </message>
    <message>
        <source>This is a test message from Wattkeeper at {site}, sent through the channel {channel}. If you read it, alarms can reach you this way.</source>
        <translation>Đây là tin thử của Wattkeeper tại {site}, gửi qua kênh {channel}. Nếu bạn đọc được tin này, cảnh báo có thể đến với bạn theo cách này.</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <source>#</source>
        <extracomment>Outcomes that need a reader&apos;s attention; shown in capitals and bold, never by colour alone.</extracomment>
        <translation>#</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Chi tiết</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Máy trạm</translation>
    </message>
    <message>
        <source>erased</source>
        <translation>đã xóa</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>thành công</translation>
    </message>
    <message>
        <source>REFUSED</source>
        <translation>BỊ TỪ CHỐI</translation>
    </message>
    <message>
        <source>BROKEN</source>
        <translation>ĐỨT CHUỖI</translation>
    </message>
</context>
<context>
    <name>AuditViewer</name>
    <message>
        <source>Audit trail</source>
        <extracomment>More rows than anyone reads on screen; the count line says when filters cut the list. Widest a column starts (px), so that Details, the most telling one, keeps room; the tooltip has all.</extracomment>
        <translation>Nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>From</source>
        <extracomment>The save dialog of an export while it is open (tests choose the file in it). The last verification&apos;s result, once it has finished. The whole of the selected record, which the narrow Details column cuts short.</extracomment>
        <translation>Từ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Actor</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>Kiểm tra chuỗi</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Xuất CSV…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Làm mới</translation>
    </message>
    <message>
        <source>Any action</source>
        <translation>Mọi thao tác</translation>
    </message>
    <message>
        <source>{family}* (all)</source>
        <translation>{family}* (tất cả)</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Bất kỳ ai</translation>
    </message>
    <message>
        <source>{count} records shown</source>
        <translation>Đang hiển thị {count} bản ghi</translation>
    </message>
    <message>
        <source>The newest {count} records are shown; narrow the filters to see older ones.</source>
        <translation>Đang hiển thị {count} bản ghi mới nhất; hãy thu hẹp bộ lọc để xem các bản ghi cũ hơn.</translation>
    </message>
    <message>
        <source>Checking the chain…</source>
        <translation>Đang kiểm tra chuỗi…</translation>
    </message>
    <message>
        <source>The chain cannot be checked: {problem}</source>
        <translation>Không thể kiểm tra chuỗi: {problem}</translation>
    </message>
    <message>
        <source>Intact: {count} records, head {head}</source>
        <translation>Nguyên vẹn: {count} bản ghi, đầu chuỗi {head}</translation>
    </message>
    <message>
        <source> ({count} with details erased by retention or a deletion)</source>
        <translation> ({count} bản ghi đã bị xóa chi tiết do chính sách lưu giữ hoặc do xóa dữ liệu)</translation>
    </message>
    <message>
        <source>BROKEN at record {seq}: {problem}</source>
        <translation>ĐỨT CHUỖI tại bản ghi {seq}: {problem}</translation>
    </message>
    <message>
        <source>Also found:</source>
        <translation>Còn phát hiện:</translation>
    </message>
    <message>
        <source>Export the audit records shown</source>
        <translation>Xuất các bản ghi kiểm toán đang hiển thị</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>{file} cannot be written: {problem}</source>
        <translation>Không ghi được {file}: {problem}</translation>
    </message>
    <message>
        <source>{count} records written to {file}</source>
        <translation>Đã ghi {count} bản ghi vào {file}</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <source>Quick search</source>
        <extracomment>The most entries listed at once; typing narrows the rest. Extra words that find the entry without being shown (a path, a shortcut).</extracomment>
        <translation>Tìm nhanh</translation>
    </message>
    <message>
        <source>Point, device or command…</source>
        <translation>Điểm đo, thiết bị hoặc lệnh…</translation>
    </message>
</context>
<context>
    <name>ConnectionTestDialog</name>
    <message>
        <source>Test connection — {device}</source>
        <translation>Kiểm tra kết nối — {device}</translation>
    </message>
    <message>
        <source>Testing {device}…</source>
        <translation>Đang kiểm tra {device}…</translation>
    </message>
</context>
<context>
    <name>DeviceDialog</name>
    <message>
        <source>Edit device {device}</source>
        <translation>Sửa thiết bị {device}</translation>
    </message>
    <message>
        <source>Add a device</source>
        <translation>Thêm thiết bị</translation>
    </message>
    <message>
        <source>{site} · {gateway} ({protocol})</source>
        <translation>{site} · {gateway} ({protocol})</translation>
    </message>
    <message>
        <source>e.g. feeder-3 (lower case, digits, - and _)</source>
        <translation>vd. feeder-3 (chữ thường, chữ số, - và _)</translation>
    </message>
    <message>
        <source>What operators call it, e.g. Feeder 3 meter</source>
        <translation>Tên vận hành viên dùng, vd. Công tơ lộ 3</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Cổng kết nối</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Mẫu thiết bị</translation>
    </message>
    <message>
        <source>Expected every</source>
        <translation>Chu kỳ đọc</translation>
    </message>
    <message>
        <source>Modbus unit id</source>
        <translation>Địa chỉ Modbus (unit id)</translation>
    </message>
    <message>
        <source>MQTT topic</source>
        <translation>Chủ đề MQTT</translation>
    </message>
    <message>
        <source>Silent for longer than this: lost</source>
        <translation>Im lặng lâu hơn mức này: mất kết nối</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>Kiểm tra kết nối</translation>
    </message>
    <message>
        <source>The history is kept under this id; to use another, add a new device.</source>
        <translation>Lịch sử được lưu theo mã này; muốn dùng mã khác, hãy thêm thiết bị mới.</translation>
    </message>
    <message>
        <source>None: points listed in the site file</source>
        <translation>Không có: điểm đo khai báo trong tệp cấu hình</translation>
    </message>
    <message>
        <source>{name} ({count} points)</source>
        <translation>{name} ({count} điểm đo)</translation>
    </message>
    <message>
        <source>Give the device an id.</source>
        <translation>Hãy đặt mã cho thiết bị.</translation>
    </message>
    <message>
        <source>Choose its profile: without one, its points are listed in the site file.</source>
        <translation>Hãy chọn mẫu thiết bị: nếu không có, các điểm đo phải được khai báo trong tệp cấu hình.</translation>
    </message>
    <message>
        <source>Add a gateway first: the device is read through it.</source>
        <translation>Hãy thêm cổng kết nối trước: thiết bị được đọc qua cổng đó.</translation>
    </message>
    <message>
        <source>Remove {device} from the site file? It is no longer read; its history is kept.</source>
        <translation>Xoá {device} khỏi tệp cấu hình? Thiết bị sẽ không còn được đọc; lịch sử vẫn được giữ.</translation>
    </message>
    <message>
        <source>Stop the test</source>
        <translation>Dừng kiểm tra</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
</context>
<context>
    <name>DeviceTile</name>
    <message>
        <source>○ Waiting</source>
        <translation>○ Đang chờ</translation>
    </message>
    <message>
        <source>● Communicating</source>
        <translation>● Đang truyền thông</translation>
    </message>
    <message>
        <source>✕ No communication</source>
        <translation>✕ Mất truyền thông</translation>
    </message>
    <message>
        <source>▲ Degraded</source>
        <translation>▲ Suy giảm</translation>
    </message>
</context>
<context>
    <name>DeviceTree</name>
    <message>
        <source>Device</source>
        <extracomment>A device&apos;s path, when the operator asks to test its connection. A device&apos;s path, to edit the device or the gateway it is behind (offered to those who configure).</extracomment>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>Kết nối</translation>
    </message>
    <message>
        <source>Waiting</source>
        <extracomment>Whether the signed-in account may set up devices (the menu offers editing then).</extracomment>
        <translation>Đang chờ</translation>
    </message>
    <message>
        <source>Test connection…</source>
        <translation>Kiểm tra kết nối…</translation>
    </message>
    <message>
        <source>Edit device…</source>
        <translation>Sửa thiết bị…</translation>
    </message>
    <message>
        <source>Edit its gateway…</source>
        <translation>Sửa cổng kết nối của thiết bị…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Tốt</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Mất kết nối</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>Suy giảm</translation>
    </message>
</context>
<context>
    <name>DiagnosticsReport</name>
    <message>
        <source>Technical diagnostics</source>
        <extracomment>Rows of the long tables shown on the page; the workbook holds them all.</extracomment>
        <translation>Chẩn đoán kỹ thuật</translation>
    </message>
    <message>
        <source>Supply quality (indicative)</source>
        <translation>Chất lượng nguồn điện (tham khảo)</translation>
    </message>
    <message>
        <source>Vibration</source>
        <translation>Rung động</translation>
    </message>
    <message>
        <source>Communication</source>
        <translation>Truyền thông</translation>
    </message>
    <message>
        <source>Data gaps</source>
        <translation>Khoảng trống dữ liệu</translation>
    </message>
    <message>
        <source>Alarm journal</source>
        <translation>Nhật ký cảnh báo</translation>
    </message>
    <message>
        <source>Indicative figures in the manner of EN 50160, computed from the meters&apos; own readings: not a measurement by an IEC 61000-4-30 class A instrument. Nominal {voltage:g} V and {frequency:g} Hz. EN 50160 asks, over a week, for 95 % of the 10-minute means of each phase voltage within ±{narrow:g} % of the nominal and all of them within +{narrow:g} % / −{wide:g} %; for 99.5 % of the 10-second means of the frequency within ±1 % and all of them within +4 % / −6 %.</source>
        <translation>Số liệu tham khảo theo cách của EN 50160, tính từ chính số đọc của đồng hồ: không phải phép đo bằng thiết bị cấp A theo IEC 61000-4-30. Danh định {voltage:g} V và {frequency:g} Hz. EN 50160 yêu cầu, trong một tuần, 95 % giá trị trung bình 10 phút của điện áp mỗi pha nằm trong ±{narrow:g} % so với danh định và tất cả nằm trong +{narrow:g} % / −{wide:g} %; 99,5 % giá trị trung bình 10 giây của tần số nằm trong ±1 % và tất cả nằm trong +4 % / −6 %.</translation>
    </message>
    <message>
        <source>No meter in this scope reports its supply.</source>
        <translation>Không có đồng hồ nào trong phạm vi này đo nguồn điện.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Within ±{narrow:g} %</source>
        <translation>Trong ±{narrow:g} %</translation>
    </message>
    <message>
        <source>Within +{narrow:g} % / −{wide:g} %</source>
        <translation>Trong +{narrow:g} % / −{wide:g} %</translation>
    </message>
    <message>
        <source>Voltage, 10-minute means</source>
        <translation>Điện áp, trung bình 10 phút</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Pha</translation>
    </message>
    <message>
        <source>Intervals</source>
        <translation>Số khoảng</translation>
    </message>
    <message>
        <source>Lowest</source>
        <translation>Thấp nhất</translation>
    </message>
    <message>
        <source>Highest</source>
        <translation>Cao nhất</translation>
    </message>
    <message>
        <source>No meter in this scope reports its voltage.</source>
        <translation>Không có đồng hồ nào trong phạm vi này đo điện áp.</translation>
    </message>
    <message>
        <source>Within ±{band:g} %</source>
        <translation>Trong ±{band:g} %</translation>
    </message>
    <message>
        <source>Within +{high:g} % / −{low:g} %</source>
        <translation>Trong +{high:g} % / −{low:g} %</translation>
    </message>
    <message>
        <source>Frequency, 10-second means</source>
        <translation>Tần số, trung bình 10 giây</translation>
    </message>
    <message>
        <source>Windows</source>
        <translation>Số cửa sổ</translation>
    </message>
    <message>
        <source>Lowest reading</source>
        <translation>Số đọc thấp nhất</translation>
    </message>
    <message>
        <source>Highest reading</source>
        <translation>Số đọc cao nhất</translation>
    </message>
    <message>
        <source>No meter in this scope reports the frequency.</source>
        <translation>Không có đồng hồ nào trong phạm vi này đo tần số.</translation>
    </message>
    <message>
        <source>Outside EN 50160&apos;s voltage limits: {phases}.</source>
        <translation>Ngoài giới hạn điện áp của EN 50160: {phases}.</translation>
    </message>
    <message>
        <source>Every phase read kept within EN 50160&apos;s voltage limits.</source>
        <translation>Mọi pha được đọc đều nằm trong giới hạn điện áp của EN 50160.</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>Điện áp</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Dòng điện</translation>
    </message>
    <message>
        <source>Unbalance, 10-minute means</source>
        <translation>Mất cân bằng, trung bình 10 phút</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Đại lượng</translation>
    </message>
    <message>
        <source>95th percentile</source>
        <translation>Phân vị 95</translation>
    </message>
    <message>
        <source>Within {limit:g} %</source>
        <translation>Trong {limit:g} %</translation>
    </message>
    <message>
        <source>No three-phase meter in this scope.</source>
        <translation>Không có đồng hồ ba pha nào trong phạm vi này.</translation>
    </message>
    <message>
        <source>Unbalance is the largest deviation of a phase from the mean of the three, in % of that mean; the limit of {limit:g} % applies to the voltage.</source>
        <translation>Mất cân bằng là độ lệch lớn nhất của một pha so với trung bình ba pha, tính bằng % của trung bình đó; giới hạn {limit:g} % áp dụng cho điện áp.</translation>
    </message>
    <message>
        <source>Total harmonic distortion, 10-minute means</source>
        <translation>Tổng méo sóng hài, trung bình 10 phút</translation>
    </message>
    <message>
        <source>No meter in this scope reports harmonic distortion.</source>
        <translation>Không có đồng hồ nào trong phạm vi này đo méo sóng hài.</translation>
    </message>
    <message>
        <source>Power factor, 10-minute means</source>
        <translation>Hệ số công suất, trung bình 10 phút</translation>
    </message>
    <message>
        <source>Mean</source>
        <translation>Trung bình</translation>
    </message>
    <message>
        <source>Below {limit:g}</source>
        <translation>Dưới {limit:g}</translation>
    </message>
    <message>
        <source>No meter in this scope reports its power factor.</source>
        <translation>Không có đồng hồ nào trong phạm vi này đo hệ số công suất.</translation>
    </message>
    <message>
        <source>No vibration is measured in this scope.</source>
        <translation>Không đo rung động trong phạm vi này.</translation>
    </message>
    <message>
        <source>ISO 10816/20816 zones: A newly commissioned, B unrestricted long-term operation, C restricted operation until action can be taken, D severe enough to cause damage.</source>
        <translation>Các vùng theo ISO 10816/20816: A máy mới đưa vào vận hành, B vận hành lâu dài không hạn chế, C vận hành hạn chế cho đến khi có biện pháp, D đủ mạnh để gây hư hỏng.</translation>
    </message>
    <message>
        <source>{point}: no zone limits in the site file.</source>
        <translation>{point}: tệp địa điểm không có giới hạn vùng.</translation>
    </message>
    <message>
        <source>{point}, {machine}: zone boundaries {ab:g}, {bc:g} and {cd:g} {unit}.</source>
        <translation>{point}, {machine}: ranh giới vùng {ab:g}, {bc:g} và {cd:g} {unit}.</translation>
    </message>
    <message>
        <source>Vibration per day: mean and highest reading</source>
        <translation>Rung động theo ngày: trung bình và số đọc cao nhất</translation>
    </message>
    <message>
        <source>Time in each zone</source>
        <translation>Thời gian trong mỗi vùng</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>Điểm đo</translation>
    </message>
    <message>
        <source>Zone {zone}</source>
        <translation>Vùng {zone}</translation>
    </message>
    <message>
        <source>Alarms raised on this point</source>
        <translation>Cảnh báo phát sinh trên điểm này</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>No alarm was raised on this point in the period.</source>
        <translation>Không có cảnh báo nào trên điểm này trong kỳ.</translation>
    </message>
    <message>
        <source>Good readings</source>
        <translation>Số đọc tốt</translation>
    </message>
    <message>
        <source>Failed or bad</source>
        <translation>Lỗi hoặc xấu</translation>
    </message>
    <message>
        <source>Minutes with errors</source>
        <translation>Số phút có lỗi</translation>
    </message>
    <message>
        <source>Silences</source>
        <translation>Số lần im lặng</translation>
    </message>
    <message>
        <source>Per gateway</source>
        <translation>Theo cổng kết nối</translation>
    </message>
    <message>
        <source>Gateway</source>
        <translation>Cổng kết nối</translation>
    </message>
    <message>
        <source>No device in this scope.</source>
        <translation>Không có thiết bị nào trong phạm vi này.</translation>
    </message>
    <message>
        <source>Per device</source>
        <translation>Theo thiết bị</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Dự kiến</translation>
    </message>
    <message>
        <source>Longest silence</source>
        <translation>Im lặng dài nhất</translation>
    </message>
    <message>
        <source>Expected readings are the device&apos;s points over the period at its interval. A failed or bad reading is one that did not answer, answered an error, or gave a value out of range.</source>
        <translation>Số đọc dự kiến là số điểm đo của thiết bị trong kỳ theo chu kỳ đọc của nó. Số đọc lỗi hoặc xấu là lần không trả lời, trả lời lỗi, hoặc cho giá trị ngoài dải.</translation>
    </message>
    <message>
        <source>Silences of the devices, longest first</source>
        <translation>Các lần im lặng của thiết bị, dài nhất trước</translation>
    </message>
    <message>
        <source>Every device read throughout the period.</source>
        <translation>Mọi thiết bị đều được đọc suốt kỳ.</translation>
    </message>
    <message>
        <source>A silence is a time without a good reading longer than five minutes, or than three of the device&apos;s intervals for a device read less often.</source>
        <translation>Im lặng là khoảng thời gian không có số đọc tốt dài hơn năm phút, hoặc dài hơn ba chu kỳ đọc đối với thiết bị được đọc thưa hơn.</translation>
    </message>
    <message>
        <source>Alarm journal of the period</source>
        <translation>Nhật ký cảnh báo trong kỳ</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Mức ưu tiên</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>State after</source>
        <translation>Trạng thái sau</translation>
    </message>
    <message>
        <source>No alarm event in the period.</source>
        <translation>Không có sự kiện cảnh báo nào trong kỳ.</translation>
    </message>
</context>
<context>
    <name>EnergyReport</name>
    <message>
        <source>Meters</source>
        <translation>Công tơ</translation>
    </message>
    <message>
        <source>Summary</source>
        <extracomment>Silences listed on the page; the workbook lists them all.</extracomment>
        <translation>Tóm tắt</translation>
    </message>
    <message>
        <source>Consumption</source>
        <translation>Điện năng tiêu thụ</translation>
    </message>
    <message>
        <source>Peak demand</source>
        <translation>Công suất đỉnh</translation>
    </message>
    <message>
        <source>Meters, power factor and data quality</source>
        <translation>Công tơ, hệ số công suất và chất lượng dữ liệu</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Chi phí</translation>
    </message>
    <message>
        <source>Energy consumption analysis</source>
        <translation>Phân tích tiêu thụ điện năng</translation>
    </message>
    <message>
        <source>Previous period</source>
        <translation>Kỳ trước</translation>
    </message>
    <message>
        <source>Change from the previous period</source>
        <translation>Thay đổi so với kỳ trước</translation>
    </message>
    <message>
        <source>Same period a year before</source>
        <translation>Cùng kỳ năm trước</translation>
    </message>
    <message>
        <source>Change from a year before</source>
        <translation>Thay đổi so với cùng kỳ năm trước</translation>
    </message>
    <message>
        <source>Peak demand (15 min)</source>
        <translation>Công suất đỉnh (15 phút)</translation>
    </message>
    <message>
        <source>Peak demand (30 min)</source>
        <translation>Công suất đỉnh (30 phút)</translation>
    </message>
    <message>
        <source>Load factor</source>
        <translation>Hệ số phụ tải</translation>
    </message>
    <message>
        <source>Base load (night minimum)</source>
        <translation>Phụ tải nền (cực tiểu ban đêm)</translation>
    </message>
    <message>
        <source>Base load share</source>
        <translation>Tỷ trọng phụ tải nền</translation>
    </message>
    <message>
        <source>Data coverage</source>
        <translation>Độ phủ dữ liệu</translation>
    </message>
    <message>
        <source>CO₂ emissions</source>
        <translation>Phát thải CO₂</translation>
    </message>
    <message>
        <source>Key figures</source>
        <translation>Số liệu chính</translation>
    </message>
    <message>
        <source>No meter of this scope recorded a reading in the period.</source>
        <translation>Không công tơ nào trong phạm vi này ghi được số liệu trong kỳ.</translation>
    </message>
    <message>
        <source>The highest 15-minute demand, {kw} kW, began at {time}.</source>
        <translation>Công suất 15 phút cao nhất, {kw} kW, bắt đầu lúc {time}.</translation>
    </message>
    <message>
        <source>CO₂ is counted at {factor} kg per kWh ({source}).</source>
        <translation>CO₂ được tính theo {factor} kg mỗi kWh ({source}).</translation>
    </message>
    <message>
        <source>No active power was recorded to cross-check the counters.</source>
        <translation>Không có số liệu công suất tác dụng để đối chiếu với chỉ số công tơ.</translation>
    </message>
    <message>
        <source>Counters: {counted} kWh; active power integrated over the same {hours} hours: {integrated} kWh.</source>
        <translation>Chỉ số công tơ: {counted} kWh; tích phân công suất tác dụng trong cùng {hours} giờ: {integrated} kWh.</translation>
    </message>
    <message>
        <source>The counters and the integrated power differ by {percent} %: check the meters.</source>
        <translation>Chỉ số công tơ và tích phân công suất chênh lệch {percent} %: hãy kiểm tra công tơ.</translation>
    </message>
    <message>
        <source>Consumption per day</source>
        <translation>Điện năng tiêu thụ theo ngày</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Ngày</translation>
    </message>
    <message>
        <source>Energy</source>
        <translation>Điện năng</translation>
    </message>
    <message>
        <source>Mean consumption per hour of the day</source>
        <translation>Điện năng tiêu thụ trung bình theo giờ trong ngày</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Giờ</translation>
    </message>
    <message>
        <source>A meter that was not read for a while counts the energy of the silence when reading resumes: it appears in that hour (see the silences at the end of the report).</source>
        <translation>Khi công tơ không được đọc trong một thời gian, điện năng của khoảng đó được ghi vào lúc đọc lại: nó nằm trong giờ đó (xem các khoảng mất tín hiệu ở cuối báo cáo).</translation>
    </message>
    <message>
        <source>Consumption by hour and day</source>
        <translation>Điện năng tiêu thụ theo giờ và ngày</translation>
    </message>
    <message>
        <source>Starting at</source>
        <translation>Bắt đầu lúc</translation>
    </message>
    <message>
        <source>Demand</source>
        <translation>Công suất</translation>
    </message>
    <message>
        <source>No interval was read throughout.</source>
        <translation>Không có khoảng nào được đọc trọn vẹn.</translation>
    </message>
    <message>
        <source>Demand is the mean power over clock-aligned intervals. An interval that follows a silence of the meter carries the energy of the whole silence and is left out.</source>
        <translation>Công suất là công suất trung bình trong các khoảng thời gian tính theo đồng hồ. Khoảng ngay sau lúc công tơ mất tín hiệu mang điện năng của cả khoảng mất tín hiệu nên không được tính.</translation>
    </message>
    <message>
        <source>Highest 15-minute demands</source>
        <translation>Các công suất 15 phút cao nhất</translation>
    </message>
    <message>
        <source>Highest 30-minute demands</source>
        <translation>Các công suất 30 phút cao nhất</translation>
    </message>
    <message>
        <source>Energy by time-of-use band</source>
        <translation>Điện năng theo khung giờ giá</translation>
    </message>
    <message>
        <source>Band</source>
        <translation>Khung giờ</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Đơn giá</translation>
    </message>
    <message>
        <source>Demand charge per month</source>
        <translation>Phí công suất theo tháng</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>Tháng</translation>
    </message>
    <message>
        <source>Share of the month</source>
        <translation>Tỷ lệ của tháng</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Phí</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>Khoản</translation>
    </message>
    <message>
        <source>Demand charge</source>
        <translation>Phí công suất</translation>
    </message>
    <message>
        <source>Fixed charge</source>
        <translation>Phí cố định</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Tổng cộng</translation>
    </message>
    <message>
        <source>Tariff: {name}. Monthly charges are prorated by the share of each month in the period.</source>
        <translation>Biểu giá: {name}. Các khoản phí theo tháng được phân bổ theo tỷ lệ của mỗi tháng trong kỳ.</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Mean power factor</source>
        <translation>Hệ số công suất trung bình</translation>
    </message>
    <message>
        <source>Lowest power factor</source>
        <translation>Hệ số công suất thấp nhất</translation>
    </message>
    <message>
        <source>Hours below {limit}</source>
        <translation>Số giờ dưới {limit}</translation>
    </message>
    <message>
        <source>Silences of the meters, longest first</source>
        <translation>Các khoảng mất tín hiệu của công tơ, dài nhất trước</translation>
    </message>
    <message>
        <source>A silence is a time without readings longer than five minutes, or than three of the meter&apos;s usual intervals for a meter read less often.</source>
        <translation>Khoảng mất tín hiệu là thời gian không có số liệu dài hơn năm phút, hoặc dài hơn ba chu kỳ đọc thông thường đối với công tơ được đọc thưa hơn.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>Every meter read throughout the period.</source>
        <translation>Mọi công tơ đều được đọc liên tục trong kỳ.</translation>
    </message>
    <message>
        <source>production</source>
        <translation>sản lượng</translation>
    </message>
    <message>
        <source>cooling degree days</source>
        <translation>độ-ngày làm mát</translation>
    </message>
    <message>
        <source>heating degree days</source>
        <translation>độ-ngày sưởi</translation>
    </message>
    <message>
        <source>day</source>
        <translation>ngày</translation>
    </message>
    <message>
        <source>week</source>
        <translation>tuần</translation>
    </message>
    <message>
        <source>month</source>
        <translation>tháng</translation>
    </message>
    <message>
        <source>Relevant variable: {variable} ({point}) per {interval}. Baseline {first} to {last}: {count} complete intervals.</source>
        <translation>Biến liên quan: {variable} ({point}) theo {interval}. Đường cơ sở từ {first} đến {last}: {count} khoảng đủ dữ liệu.</translation>
    </message>
    <message>
        <source>Model: kWh = {a} + {b} × {variable}.</source>
        <translation>Mô hình: kWh = {a} + {b} × {variable}.</translation>
    </message>
    <message>
        <source>Energy performance</source>
        <translation>Hiệu quả năng lượng</translation>
    </message>
    <message>
        <source>Expected consumption</source>
        <translation>Tiêu thụ dự kiến</translation>
    </message>
    <message>
        <source>Actual consumption</source>
        <translation>Tiêu thụ thực tế</translation>
    </message>
    <message>
        <source>Savings</source>
        <translation>Tiết kiệm</translation>
    </message>
    <message>
        <source>Savings share</source>
        <translation>Tỷ lệ tiết kiệm</translation>
    </message>
    <message>
        <source>Baseline intervals</source>
        <translation>Số khoảng đường cơ sở</translation>
    </message>
    <message>
        <source>Expected and actual consumption</source>
        <translation>Tiêu thụ dự kiến và thực tế</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Dự kiến</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Thực tế</translation>
    </message>
    <message>
        <source>The period holds no whole interval.</source>
        <translation>Kỳ báo cáo không chứa khoảng trọn vẹn nào.</translation>
    </message>
    <message>
        <source>Energy performance (ISO 50006)</source>
        <translation>Hiệu quả năng lượng (ISO 50006)</translation>
    </message>
    <message>
        <source>only {count} baseline intervals have complete data; at least {least} are needed</source>
        <translation>chỉ {count} khoảng của đường cơ sở có đủ dữ liệu; cần ít nhất {least}</translation>
    </message>
    <message>
        <source>the relevant variable did not vary over the baseline</source>
        <translation>biến liên quan không thay đổi trong đường cơ sở</translation>
    </message>
    <message>
        <source>R² is {r2}, below {least}</source>
        <translation>R² là {r2}, dưới {least}</translation>
    </message>
    <message>
        <source>Baseline not valid: {reason}. Expected consumption is shown, but no savings are claimed.</source>
        <translation>Đường cơ sở không hợp lệ: {reason}. Tiêu thụ dự kiến được trình bày, nhưng không công bố mức tiết kiệm.</translation>
    </message>
</context>
<context>
    <name>EnrolmentDialog</name>
    <message>
        <source>Set up the second factor</source>
        <translation>Thiết lập xác thực hai yếu tố</translation>
    </message>
    <message>
        <source>Scan this code with an authenticator app (Aegis, FreeOTP, Google or Microsoft Authenticator…), or type the secret below into it. Then enter the code it shows.</source>
        <translation>Quét mã này bằng ứng dụng xác thực (Aegis, FreeOTP, Google hoặc Microsoft Authenticator…), hoặc nhập khóa bí mật bên dưới vào ứng dụng. Sau đó nhập mã mà ứng dụng hiển thị.</translation>
    </message>
    <message>
        <source>6-digit code</source>
        <translation>Mã 6 chữ số</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Xác nhận</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>The second factor is ready. Keep these recovery codes somewhere safe, away from this computer: each one signs you in once if your phone is lost. They are not shown again.</source>
        <translation>Xác thực hai yếu tố đã sẵn sàng. Hãy cất giữ các mã khôi phục này ở nơi an toàn, tách biệt với máy tính này: mỗi mã cho phép bạn đăng nhập một lần nếu mất điện thoại. Các mã sẽ không được hiển thị lại.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Sao chép</translation>
    </message>
</context>
<context>
    <name>FaultPanel</name>
    <message>
        <source>Inject a fault into the simulated plant:</source>
        <translation>Tạo sự cố trong nhà máy mô phỏng:</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Welcome to Wattkeeper</source>
        <translation>Chào mừng đến với Wattkeeper</translation>
    </message>
    <message>
        <source>This workstation has no accounts yet. Create the administrator: they add the other accounts and choose who may do what. A password needs at least {minimum} characters; a few unrelated words make a strong one that is easy to remember.</source>
        <translation>Máy trạm này chưa có tài khoản nào. Hãy tạo quản trị viên: quản trị viên sẽ thêm các tài khoản khác và phân quyền cho từng người. Mật khẩu cần ít nhất {minimum} ký tự; vài từ không liên quan với nhau tạo thành mật khẩu mạnh mà dễ nhớ.</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Tổ chức</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <source>Create administrator</source>
        <translation>Tạo quản trị viên</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không khớp.</translation>
    </message>
</context>
<context>
    <name>GatewayDialog</name>
    <message>
        <source>Edit gateway {gateway}</source>
        <translation>Sửa cổng kết nối {gateway}</translation>
    </message>
    <message>
        <source>Add a gateway</source>
        <translation>Thêm cổng kết nối</translation>
    </message>
    <message>
        <source>e.g. panel-2 (lower case, digits, - and _)</source>
        <translation>vd. panel-2 (chữ thường, chữ số, - và _)</translation>
    </message>
    <message>
        <source>Modbus TCP</source>
        <translation>Modbus TCP</translation>
    </message>
    <message>
        <source>Modbus/TCP Security (TLS)</source>
        <translation>Modbus/TCP bảo mật (TLS)</translation>
    </message>
    <message>
        <source>Modbus RTU over TCP (serial converter)</source>
        <translation>Modbus RTU qua TCP (bộ chuyển đổi nối tiếp)</translation>
    </message>
    <message>
        <source>Modbus RTU (serial port)</source>
        <translation>Modbus RTU (cổng nối tiếp)</translation>
    </message>
    <message>
        <source>MQTT broker</source>
        <translation>Máy chủ MQTT (broker)</translation>
    </message>
    <message>
        <source>Name or address, e.g. 192.168.1.20</source>
        <translation>Tên hoặc địa chỉ, vd. 192.168.1.20</translation>
    </message>
    <message>
        <source>the protocol&apos;s own</source>
        <translation>mặc định của giao thức</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Không</translation>
    </message>
    <message>
        <source>Even</source>
        <translation>Chẵn</translation>
    </message>
    <message>
        <source>Odd</source>
        <translation>Lẻ</translation>
    </message>
    <message>
        <source>Encrypted (TLS); the broker&apos;s certificate is always checked</source>
        <translation>Mã hoá (TLS); chứng chỉ của broker luôn được kiểm tra</translation>
    </message>
    <message>
        <source>Empty: the system&apos;s authorities</source>
        <translation>Để trống: dùng các CA của hệ thống</translation>
    </message>
    <message>
        <source>Only if the server asks for a client certificate</source>
        <translation>Chỉ khi máy chủ yêu cầu chứng chỉ máy khách</translation>
    </message>
    <message>
        <source>Its password goes in the keyring: wattkeeper secret set</source>
        <translation>Mật khẩu lưu trong keyring: wattkeeper secret set</translation>
    </message>
    <message>
        <source>1: every message at least once</source>
        <translation>1: mỗi bản tin ít nhất một lần</translation>
    </message>
    <message>
        <source>0: at most once</source>
        <translation>0: nhiều nhất một lần</translation>
    </message>
    <message>
        <source>Site</source>
        <translation>Nhà máy</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Giao thức</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Máy chủ</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Cổng</translation>
    </message>
    <message>
        <source>Answer within</source>
        <translation>Thời gian chờ trả lời</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>Cổng nối tiếp</translation>
    </message>
    <message>
        <source>Baud rate</source>
        <translation>Tốc độ baud</translation>
    </message>
    <message>
        <source>Parity</source>
        <translation>Chẵn lẻ</translation>
    </message>
    <message>
        <source>Stop bits</source>
        <translation>Bit dừng</translation>
    </message>
    <message>
        <source>Data bits</source>
        <translation>Bit dữ liệu</translation>
    </message>
    <message>
        <source>Authority (CA) file</source>
        <translation>Tệp CA</translation>
    </message>
    <message>
        <source>Client certificate file</source>
        <translation>Tệp chứng chỉ máy khách</translation>
    </message>
    <message>
        <source>Client key file</source>
        <translation>Tệp khoá máy khách</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <source>MQTT version</source>
        <translation>Phiên bản MQTT</translation>
    </message>
    <message>
        <source>Quality of service</source>
        <translation>Mức QoS</translation>
    </message>
    <message>
        <source>Give the gateway an id.</source>
        <translation>Hãy đặt mã cho cổng kết nối.</translation>
    </message>
    <message>
        <source>Give the host&apos;s name or address.</source>
        <translation>Hãy nhập tên hoặc địa chỉ máy chủ.</translation>
    </message>
    <message numerus="yes">
        <source>Remove {gateway} and its %n device(s) from the site file? They are no longer read; their history is kept.</source>
        <translation>
            <numerusform>Xoá {gateway} và %n thiết bị của nó khỏi tệp cấu hình? Chúng sẽ không còn được đọc; lịch sử vẫn được giữ.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Time</source>
        <extracomment>The periods offered at once, in days back from now.</extracomment>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Mức ưu tiên</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nội dung</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>State after</source>
        <translation>Trạng thái sau</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>LiveValuesModel</name>
    <message>
        <source>Point</source>
        <translation>Điểm đo</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Chất lượng</translation>
    </message>
    <message>
        <source>Last good reading</source>
        <translation>Số đọc tốt gần nhất</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Đang chờ</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Locked</source>
        <translation>Đã khóa</translation>
    </message>
    <message>
        <source>Sign in to acknowledge alarms and see the plant. Collection goes on meanwhile.</source>
        <translation>Đăng nhập để xác nhận cảnh báo và xem nhà máy. Trong lúc này, việc thu thập dữ liệu vẫn tiếp tục.</translation>
    </message>
    <message>
        <source>No standing alarms</source>
        <translation>Không có cảnh báo nào đang tồn tại</translation>
    </message>
    <message>
        <source>{standing} standing alarms, {waiting} unacknowledged</source>
        <translation>{standing} cảnh báo đang tồn tại, {waiting} chưa xác nhận</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Wattkeeper — {site}</source>
        <extracomment>The display timer: twenty frames a second, so that the live trends&apos; redraws (sixteen trends drawing once a second each) fall one to a frame. Whoever acts while nobody is signed in: nobody, with no rights at all. A language the operator chose (&quot;en&quot;, &quot;vi&quot;): the host builds the window again in it. A palette (&quot;light&quot;, &quot;night&quot;) and whether wall mode is on: the host builds the window again so. The operator closes the window: the host remembers its place and view. A changed site file is in force (what changed, to announce): the host builds the window on it. Where this desk keeps its choices (trend layouts); the host passes its own.</extracomment>
        <translation>Wattkeeper — {site}</translation>
    </message>
    <message>
        <source>Simulated faults</source>
        <extracomment>The overview alone, large, for a screen on the wall (the alarm banner stays).</extracomment>
        <translation>Sự cố mô phỏng</translation>
    </message>
    <message>
        <source>Filter points: name, device or path (Ctrl+F)</source>
        <translation>Lọc điểm đo: tên, thiết bị hoặc đường dẫn (Ctrl+F)</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Tổng quan</translation>
    </message>
    <message>
        <source>Points and trend</source>
        <translation>Điểm đo và xu hướng</translation>
    </message>
    <message>
        <source>Trend it alone</source>
        <translation>Chỉ xem xu hướng điểm này</translation>
    </message>
    <message>
        <source>Add to the trend</source>
        <translation>Thêm vào xu hướng</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>Tệp CSV (*.csv)</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>Ảnh PNG (*.png)</translation>
    </message>
    <message>
        <source>Export the trend</source>
        <translation>Xuất xu hướng</translation>
    </message>
    <message>
        <source>Not exported: {problem}</source>
        <translation>Chưa xuất: {problem}</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Đã khóa</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>{user} · {role}</source>
        <translation>{user} · {role}</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>No site configured</source>
        <translation>Chưa cấu hình địa điểm</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Thoát</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Toàn màn hình</translation>
    </message>
    <message>
        <source>Silence alarm sounds</source>
        <translation>Tắt âm thanh cảnh báo</translation>
    </message>
    <message>
        <source>Quick search…</source>
        <translation>Tìm nhanh…</translation>
    </message>
    <message>
        <source>Alarm history…</source>
        <translation>Lịch sử cảnh báo…</translation>
    </message>
    <message>
        <source>Filter points</source>
        <translation>Lọc điểm đo</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Xem</translation>
    </message>
    <message>
        <source>Save the trend&apos;s layout…</source>
        <translation>Lưu bố cục xu hướng…</translation>
    </message>
    <message>
        <source>Trend layouts</source>
        <translation>Bố cục xu hướng</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>Night theme</source>
        <translation>Giao diện ban đêm</translation>
    </message>
    <message>
        <source>Wall mode: the overview, large, full screen</source>
        <translation>Chế độ màn hình tường: tổng quan, chữ lớn, toàn màn hình</translation>
    </message>
    <message>
        <source>Layout {name}: no longer in the site file: {points}</source>
        <translation>Bố cục {name}: không còn trong tệp địa điểm: {points}</translation>
    </message>
    <message>
        <source>Save the trend&apos;s layout</source>
        <translation>Lưu bố cục xu hướng</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Tên</translation>
    </message>
    <message>
        <source>None saved yet</source>
        <translation>Chưa lưu bố cục nào</translation>
    </message>
    <message>
        <source>Trend: {device} · {point}</source>
        <translation>Xu hướng: {device} · {point}</translation>
    </message>
    <message>
        <source>Device: {name}</source>
        <translation>Thiết bị: {name}</translation>
    </message>
    <message>
        <source>{rate:.0f} samples/s · {written} recorded · {dropped} dropped · {db}</source>
        <translation>{rate:.0f} mẫu/s · {written} đã ghi · {dropped} bị bỏ · {db}</translation>
    </message>
</context>
<context>
    <name>OperationsReport</name>
    <message>
        <source>Availability and running</source>
        <translation>Mức sẵn sàng và thời gian vận hành</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Mức sẵn sàng</translation>
    </message>
    <message>
        <source>Bad readings</source>
        <translation>Số liệu lỗi</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Vận hành</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>Số lần khởi động</translation>
    </message>
    <message>
        <source>Fuel used</source>
        <translation>Nhiên liệu đã dùng</translation>
    </message>
    <message>
        <source>% of tank</source>
        <translation>% bồn</translation>
    </message>
    <message>
        <source>Refills</source>
        <translation>Số lần nạp</translation>
    </message>
    <message>
        <source>No device in this scope.</source>
        <translation>Không có thiết bị nào trong phạm vi này.</translation>
    </message>
    <message>
        <source>Availability is the share of the readings a device should have given (its points over the period at its polling interval) that arrived good.</source>
        <translation>Mức sẵn sàng là tỷ lệ số liệu tốt nhận được trên số liệu thiết bị lẽ ra phải gửi (các điểm đo trong cả kỳ theo chu kỳ đọc của nó).</translation>
    </message>
    <message>
        <source>Device operations</source>
        <translation>Vận hành thiết bị</translation>
    </message>
    <message>
        <source>Devices</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Alarm load</source>
        <translation>Tải cảnh báo</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>Số lần kích hoạt</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Đã xác nhận</translation>
    </message>
    <message>
        <source>Mean time to acknowledge</source>
        <translation>Thời gian xác nhận trung bình</translation>
    </message>
    <message>
        <source>Mean alarms per 10 minutes</source>
        <translation>Số cảnh báo trung bình mỗi 10 phút</translation>
    </message>
    <message>
        <source>Most alarms in 10 minutes</source>
        <translation>Số cảnh báo nhiều nhất trong 10 phút</translation>
    </message>
    <message>
        <source>Time in flood</source>
        <translation>Thời gian quá tải cảnh báo</translation>
    </message>
    <message>
        <source>Standing at the end</source>
        <translation>Còn tồn tại cuối kỳ</translation>
    </message>
    <message>
        <source>Activations by priority</source>
        <translation>Số lần kích hoạt theo mức ưu tiên</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Mức ưu tiên</translation>
    </message>
    <message>
        <source>No alarm activated in the period.</source>
        <translation>Không có cảnh báo nào được kích hoạt trong kỳ.</translation>
    </message>
    <message>
        <source>The ten most frequent alarms</source>
        <translation>Mười cảnh báo xuất hiện nhiều nhất</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Chattering</source>
        <translation>Dao động liên tục</translation>
    </message>
    <message>
        <source>Shelved</source>
        <translation>Tạm ẩn</translation>
    </message>
    <message>
        <source>Shelved alarms</source>
        <translation>Các cảnh báo bị tạm ẩn</translation>
    </message>
    <message>
        <source>No alarm was shelved in the period.</source>
        <translation>Không có cảnh báo nào bị tạm ẩn trong kỳ.</translation>
    </message>
    <message>
        <source>Standing at the end of the period: {alarms}.</source>
        <translation>Còn tồn tại cuối kỳ: {alarms}.</translation>
    </message>
    <message>
        <source>No alarm was standing at the end of the period.</source>
        <translation>Không còn cảnh báo nào tồn tại cuối kỳ.</translation>
    </message>
    <message>
        <source>EEMUA 191 counts more than {flood} alarms in 10 minutes as a flood; an operator can handle about one alarm per 10 minutes in steady operation.</source>
        <translation>Theo EEMUA 191, hơn {flood} cảnh báo trong 10 phút là quá tải cảnh báo; khi vận hành ổn định, một người vận hành xử lý được khoảng một cảnh báo mỗi 10 phút.</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Decided</source>
        <extracomment>Statuses a reader must look at: shown in capitals and bold.</extracomment>
        <translation>Thời điểm quyết định</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Số lần thử</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Answer or error</source>
        <translation>Phản hồi hoặc lỗi</translation>
    </message>
    <message>
        <source>waiting to be sent</source>
        <translation>đang chờ gửi</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>đã gửi</translation>
    </message>
    <message>
        <source>WAITING TO RETRY</source>
        <translation>CHỜ GỬI LẠI</translation>
    </message>
    <message>
        <source>sending</source>
        <translation>đang gửi</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>THẤT BẠI</translation>
    </message>
    <message>
        <source>held (quiet hours)</source>
        <translation>tạm giữ (giờ yên tĩnh)</translation>
    </message>
    <message>
        <source>alarm started</source>
        <translation>cảnh báo bắt đầu</translation>
    </message>
    <message>
        <source>escalated</source>
        <translation>đã chuyển cấp</translation>
    </message>
    <message>
        <source>returned to normal</source>
        <translation>đã trở lại bình thường</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>đã xác nhận</translation>
    </message>
    <message>
        <source>test message</source>
        <translation>tin thử</translation>
    </message>
    <message>
        <source>(machine)</source>
        <translation>(hệ thống máy)</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>{gateway} · {protocol}</source>
        <translation>{gateway} · {protocol}</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Change password</source>
        <translation>Đổi mật khẩu</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mật khẩu hiện tại</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Nhập lại mật khẩu mới</translation>
    </message>
    <message>
        <source>At least {minimum} characters; a few unrelated words are strong and easy to remember.</source>
        <translation>Ít nhất {minimum} ký tự; vài từ không liên quan với nhau vừa mạnh vừa dễ nhớ.</translation>
    </message>
    <message>
        <source>The two new passwords differ.</source>
        <translation>Hai mật khẩu mới không khớp.</translation>
    </message>
</context>
<context>
    <name>PasswordForm</name>
    <message>
        <source>Set password of {email}</source>
        <translation>Đặt mật khẩu cho {email}</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Mật khẩu mới</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Nhập lại mật khẩu mới</translation>
    </message>
</context>
<context>
    <name>PlantControl</name>
    <message>
        <source>Over-voltage</source>
        <translation>Quá áp</translation>
    </message>
    <message>
        <source>Supply voltage rises about 15 % above nominal on all phases.</source>
        <translation>Điện áp nguồn tăng khoảng 15 % so với danh định trên tất cả các pha.</translation>
    </message>
    <message>
        <source>Vibration spike</source>
        <translation>Rung động tăng đột biến</translation>
    </message>
    <message>
        <source>Machine vibration jumps into the unacceptable zone.</source>
        <translation>Rung động của máy tăng vọt vào vùng không chấp nhận được.</translation>
    </message>
    <message>
        <source>Meter silent</source>
        <translation>Công tơ mất tín hiệu</translation>
    </message>
    <message>
        <source>The main meter stops answering Modbus requests.</source>
        <translation>Công tơ chính ngừng trả lời các yêu cầu Modbus.</translation>
    </message>
    <message>
        <source>Fuel drop</source>
        <translation>Sụt nhiên liệu</translation>
    </message>
    <message>
        <source>The generator&apos;s fuel level falls fast, as with a leak or theft.</source>
        <translation>Mức nhiên liệu của máy phát giảm nhanh, như khi bị rò rỉ hoặc bị lấy trộm.</translation>
    </message>
</context>
<context>
    <name>PlantDiagram</name>
    <message>
        <source>{file} cannot be shown: {problem}</source>
        <extracomment>``site/device/quantity``.</extracomment>
        <translation>Không thể hiển thị {file}: {problem}</translation>
    </message>
    <message>
        <source>This diagram names points the site file does not have: {points}.</source>
        <translation>Sơ đồ này nêu các điểm đo không có trong tệp địa điểm: {points}.</translation>
    </message>
</context>
<context>
    <name>Privacy</name>
    <message>
        <source>Emergency alerts about power or vibration anomalies sent to me off the screen</source>
        <extracomment>Alerts by SMS: the one purpose for which a phone number is held, and only while agreed.</extracomment>
        <translation>Gửi cho tôi thông báo khẩn về bất thường điện hoặc rung động qua kênh ngoài màn hình</translation>
    </message>
    <message>
        <source>Emergency alerts sent to my phone by SMS</source>
        <translation>Gửi thông báo khẩn đến điện thoại của tôi qua SMS</translation>
    </message>
    <message>
        <source>Periodic reports sent to me</source>
        <translation>Gửi báo cáo định kỳ cho tôi</translation>
    </message>
    <message>
        <source>{phone!r} is not a phone number in international form, e.g. +84 912 345 678</source>
        <translation>{phone!r} không phải là số điện thoại dạng quốc tế, ví dụ +84 912 345 678</translation>
    </message>
    <message>
        <source>see my data</source>
        <translation>xem dữ liệu của tôi</translation>
    </message>
    <message>
        <source>correct my data</source>
        <translation>sửa dữ liệu của tôi</translation>
    </message>
    <message>
        <source>export my data</source>
        <translation>xuất dữ liệu của tôi</translation>
    </message>
    <message>
        <source>delete my account</source>
        <translation>xóa tài khoản của tôi</translation>
    </message>
    <message>
        <source>withdraw consent</source>
        <translation>rút lại sự đồng ý</translation>
    </message>
    <message>
        <source>restrict processing</source>
        <translation>hạn chế xử lý</translation>
    </message>
    <message>
        <source>object to processing</source>
        <translation>phản đối xử lý</translation>
    </message>
    <message>
        <source>the administrator of this site</source>
        <translation>quản trị viên của địa điểm này</translation>
    </message>
    <message>
        <source>This site deletes withdrawn accounts after {days} days, but {law} asks for deletions within {limit} days: lower [privacy] deletion_days, or erase on request with &apos;wattkeeper privacy erase&apos;.</source>
        <translation>Địa điểm này xóa các tài khoản đã rút lại sau {days} ngày, nhưng {law} yêu cầu xóa trong vòng {limit} ngày: hãy giảm deletion_days trong [privacy], hoặc xóa hẳn theo yêu cầu bằng &apos;wattkeeper privacy erase&apos;.</translation>
    </message>
    <message>
        <source>name the person with --user EMAIL</source>
        <translation>hãy chỉ định người đó bằng --user EMAIL</translation>
    </message>
    <message>
        <source>no account has the email {email}</source>
        <translation>không có tài khoản nào có email {email}</translation>
    </message>
    <message>
        <source>another account has that email</source>
        <translation>một tài khoản khác đã dùng email đó</translation>
    </message>
    <message>
        <source>this account is withdrawn already</source>
        <translation>tài khoản này đã được rút lại</translation>
    </message>
    <message>
        <source>the last active administrator cannot withdraw: add another one first</source>
        <translation>quản trị viên đang hoạt động cuối cùng không thể rút lại: hãy thêm một quản trị viên khác trước</translation>
    </message>
    <message>
        <source>this account is not withdrawn</source>
        <translation>tài khoản này chưa được rút lại</translation>
    </message>
    <message>
        <source>withdraw your own account instead; another administrator erases it</source>
        <translation>hãy rút lại tài khoản của chính bạn; một quản trị viên khác sẽ xóa hẳn tài khoản đó</translation>
    </message>
    <message>
        <source>the last active administrator cannot be erased</source>
        <translation>không thể xóa hẳn quản trị viên đang hoạt động cuối cùng</translation>
    </message>
    <message>
        <source>no request {id}</source>
        <translation>không có yêu cầu {id}</translation>
    </message>
    <message>
        <source>no contact {id}</source>
        <translation>không có liên hệ {id}</translation>
    </message>
</context>
<context>
    <name>PrivacyPanel</name>
    <message>
        <source>Privacy</source>
        <extracomment>The signed-in person withdrew their own account: the window signs them out.</extracomment>
        <translation>Quyền riêng tư</translation>
    </message>
    <message>
        <source>My data</source>
        <translation>Dữ liệu của tôi</translation>
    </message>
    <message>
        <source>Their data</source>
        <translation>Dữ liệu của người dùng</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>Lựa chọn</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>Thông báo</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Save corrections</source>
        <translation>Lưu chỉnh sửa</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Tổ chức</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>Xác thực hai yếu tố</translation>
    </message>
    <message>
        <source>Recovery codes left</source>
        <translation>Số mã khôi phục còn lại</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Ngày tạo</translation>
    </message>
    <message>
        <source>Last changed</source>
        <translation>Thay đổi lần cuối</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Đăng nhập lần cuối</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Hồ sơ</translation>
    </message>
    <message>
        <source>Download my data (JSON)…</source>
        <translation>Tải xuống dữ liệu của tôi (JSON)…</translation>
    </message>
    <message>
        <source>Withdraw and delete my account…</source>
        <translation>Rút lại và xóa tài khoản của tôi…</translation>
    </message>
    <message>
        <source>Withdraw and delete this account…</source>
        <translation>Rút lại và xóa tài khoản này…</translation>
    </message>
    <message>
        <source>These purposes are optional: your work at the site does not depend on them, and each stays refused until you agree. You can change your mind at any time.</source>
        <translation>Các mục đích này là tùy chọn: công việc của bạn tại địa điểm không phụ thuộc vào chúng, và mỗi mục đích đều ở trạng thái từ chối cho đến khi bạn đồng ý. Bạn có thể thay đổi quyết định bất cứ lúc nào.</translation>
    </message>
    <message>
        <source>Phone for SMS alerts, e.g. +84 912 345 678</source>
        <translation>Số điện thoại nhận SMS cảnh báo, ví dụ +84 912 345 678</translation>
    </message>
    <message>
        <source>the administrator of this site</source>
        <translation>quản trị viên của địa điểm này</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Liên hệ</translation>
    </message>
    <message>
        <source>Law followed</source>
        <translation>Luật áp dụng</translation>
    </message>
    <message>
        <source>Cannot show the data: {why}</source>
        <translation>Không thể hiển thị dữ liệu: {why}</translation>
    </message>
    <message>
        <source>Your data: {email}</source>
        <translation>Dữ liệu của bạn: {email}</translation>
    </message>
    <message>
        <source>Data held about {email}</source>
        <translation>Dữ liệu đang lưu giữ về {email}</translation>
    </message>
    <message>
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>đã vô hiệu hóa</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>đã rút lại</translation>
    </message>
    <message>
        <source>{status}: deleted for good on {date}</source>
        <translation>{status}: xóa vĩnh viễn vào {date}</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Tất cả địa điểm</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>never</source>
        <translation>chưa bao giờ</translation>
    </message>
    <message>
        <source>Never answered: refused.</source>
        <translation>Chưa trả lời: coi như từ chối.</translation>
    </message>
    <message>
        <source>{answer} on {time} by {who}</source>
        <translation>{answer} lúc {time} bởi {who}</translation>
    </message>
    <message>
        <source>Agreed</source>
        <translation>Đồng ý</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Từ chối</translation>
    </message>
    <message>
        <source>Not done: {why}</source>
        <translation>Không thực hiện được: {why}</translation>
    </message>
    <message>
        <source>Corrections saved.</source>
        <translation>Đã lưu các chỉnh sửa.</translation>
    </message>
    <message>
        <source>Download my data</source>
        <translation>Tải xuống dữ liệu của tôi</translation>
    </message>
    <message>
        <source>Saved the data to {path}.</source>
        <translation>Đã lưu dữ liệu vào {path}.</translation>
    </message>
    <message>
        <source>Your account is disabled at once and deleted for good after {days} days; an administrator can restore it until then. You are signed out now. Withdraw your account?</source>
        <translation>Tài khoản của bạn sẽ bị vô hiệu hóa ngay và bị xóa vĩnh viễn sau {days} ngày; trước thời điểm đó quản trị viên có thể khôi phục. Bạn sẽ bị đăng xuất ngay bây giờ. Rút lại tài khoản của bạn?</translation>
    </message>
    <message>
        <source>The account {email} is disabled at once and deleted for good after {days} days; an administrator can restore it until then. Withdraw it?</source>
        <translation>Tài khoản {email} sẽ bị vô hiệu hóa ngay và bị xóa vĩnh viễn sau {days} ngày; trước thời điểm đó quản trị viên có thể khôi phục. Rút lại tài khoản này?</translation>
    </message>
    <message>
        <source>Withdraw and delete</source>
        <translation>Rút lại và xóa</translation>
    </message>
    <message>
        <source>Withdrawn: the account is deleted for good on {date}.</source>
        <translation>Đã rút lại: tài khoản sẽ bị xóa vĩnh viễn vào {date}.</translation>
    </message>
    <message>
        <source>Recorded: {purpose}: {answer}.</source>
        <translation>Đã ghi nhận: {purpose}: {answer}.</translation>
    </message>
    <message>
        <source>agreed</source>
        <translation>đồng ý</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>từ chối</translation>
    </message>
    <message>
        <source>Sign-ins ({count})</source>
        <extracomment>What the privacy service raises when it refuses; each text says why. The background of an overdue request&apos;s state cell; the word &quot;OVERDUE&quot; says it first. The look of a line about something abnormal (an overdue request, a law not met): text first.</extracomment>
        <translation>Phiên đăng nhập ({count})</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Bắt đầu</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Kết thúc</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Loại</translation>
    </message>
    <message>
        <source>Workstation</source>
        <translation>Máy trạm</translation>
    </message>
    <message>
        <source>Desktop login</source>
        <translation>Tài khoản hệ điều hành</translation>
    </message>
    <message>
        <source>Audit records naming me ({count})</source>
        <translation>Bản ghi kiểm toán có tên tôi ({count})</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Thời điểm</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người thực hiện</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Thao tác</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>Đối tượng</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Kết quả</translation>
    </message>
    <message>
        <source>Alarm actions ({count})</source>
        <translation>Thao tác cảnh báo ({count})</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Cảnh báo</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Sự kiện</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Ghi chú</translation>
    </message>
    <message>
        <source>Alerts sent to me ({count})</source>
        <translation>Thông báo đã gửi cho tôi ({count})</translation>
    </message>
    <message>
        <source>Decided</source>
        <translation>Thời điểm quyết định</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kênh</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Tình trạng gửi</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Đã gửi lúc</translation>
    </message>
    <message>
        <source>Privacy requests ({count})</source>
        <translation>Yêu cầu về quyền riêng tư ({count})</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ngày nhận</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Ngày hoàn tất</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>ProbeView</name>
    <message>
        <source>Point</source>
        <translation>Điểm đo</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Chất lượng</translation>
    </message>
    <message>
        <source>The test failed: {error}</source>
        <translation>Kiểm tra thất bại: {error}</translation>
    </message>
    <message>
        <source>{good} of {count} values read ({requests}).</source>
        <translation>Đọc được {good} trên {count} giá trị ({requests}).</translation>
    </message>
    <message numerus="yes">
        <source>%n Modbus request(s)</source>
        <translation>
            <numerusform>%n yêu cầu Modbus</numerusform>
        </translation>
    </message>
    <message>
        <source>A message arrived on {topic}.</source>
        <translation>Đã nhận một bản tin trên {topic}.</translation>
    </message>
    <message>
        <source>Problem: {problem}</source>
        <translation>Lỗi: {problem}</translation>
    </message>
</context>
<context>
    <name>Quality</name>
    <message>
        <source>Good</source>
        <translation>Tốt</translation>
    </message>
    <message>
        <source>Stale</source>
        <translation>Cũ</translation>
    </message>
    <message>
        <source>No communication</source>
        <translation>Mất truyền thông</translation>
    </message>
    <message>
        <source>Out of range</source>
        <translation>Ngoài dải</translation>
    </message>
    <message>
        <source>Bad value</source>
        <translation>Giá trị lỗi</translation>
    </message>
</context>
<context>
    <name>Quantity</name>
    <message>
        <source>Active power</source>
        <translation>Công suất tác dụng</translation>
    </message>
    <message>
        <source>Apparent power</source>
        <translation>Công suất biểu kiến</translation>
    </message>
    <message>
        <source>Reactive power</source>
        <translation>Công suất phản kháng</translation>
    </message>
    <message>
        <source>Power factor</source>
        <translation>Hệ số công suất</translation>
    </message>
    <message>
        <source>Voltage</source>
        <translation>Điện áp</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Dòng điện</translation>
    </message>
    <message>
        <source>Voltage THD</source>
        <translation>THD điện áp</translation>
    </message>
    <message>
        <source>Current THD</source>
        <translation>THD dòng điện</translation>
    </message>
    <message>
        <source>Frequency</source>
        <translation>Tần số</translation>
    </message>
    <message>
        <source>Energy imported</source>
        <translation>Điện năng nhận</translation>
    </message>
    <message>
        <source>Energy exported</source>
        <translation>Điện năng phát</translation>
    </message>
    <message>
        <source>Reactive energy imported</source>
        <translation>Điện năng phản kháng nhận</translation>
    </message>
    <message>
        <source>Reactive energy exported</source>
        <translation>Điện năng phản kháng phát</translation>
    </message>
    <message>
        <source>Energy produced</source>
        <translation>Điện năng sản xuất</translation>
    </message>
    <message>
        <source>Battery voltage</source>
        <translation>Điện áp ắc quy</translation>
    </message>
    <message>
        <source>Cabinet temperature</source>
        <translation>Nhiệt độ tủ</translation>
    </message>
    <message>
        <source>Coolant temperature</source>
        <translation>Nhiệt độ nước làm mát</translation>
    </message>
    <message>
        <source>Heatsink temperature</source>
        <translation>Nhiệt độ tản nhiệt</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Nhiệt độ</translation>
    </message>
    <message>
        <source>Humidity</source>
        <translation>Độ ẩm</translation>
    </message>
    <message>
        <source>DC current</source>
        <translation>Dòng điện DC</translation>
    </message>
    <message>
        <source>DC power</source>
        <translation>Công suất DC</translation>
    </message>
    <message>
        <source>DC voltage</source>
        <translation>Điện áp DC</translation>
    </message>
    <message>
        <source>Engine running hours</source>
        <translation>Số giờ chạy máy</translation>
    </message>
    <message>
        <source>Engine speed</source>
        <translation>Tốc độ động cơ</translation>
    </message>
    <message>
        <source>Fuel level</source>
        <translation>Mức nhiên liệu</translation>
    </message>
    <message>
        <source>Oil pressure</source>
        <translation>Áp suất dầu</translation>
    </message>
    <message>
        <source>Operating state</source>
        <translation>Trạng thái vận hành</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Đang chạy</translation>
    </message>
    <message>
        <source>Switched on</source>
        <translation>Đã bật</translation>
    </message>
    <message>
        <source>Vibration RMS</source>
        <translation>Rung động RMS</translation>
    </message>
</context>
<context>
    <name>RegisterPage</name>
    <message>
        <source>Mark answered</source>
        <translation>Đánh dấu đã trả lời</translation>
    </message>
    <message>
        <source>Mark done</source>
        <translation>Đánh dấu hoàn tất</translation>
    </message>
    <message>
        <source>Restore account</source>
        <translation>Khôi phục tài khoản</translation>
    </message>
    <message>
        <source>Register a request…</source>
        <translation>Ghi nhận yêu cầu…</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) overdue: answer or complete them now; the law sets the due date.</source>
        <translation>
            <numerusform>%n yêu cầu quá hạn: hãy trả lời hoặc hoàn tất ngay; hạn do luật quy định.</numerusform>
        </translation>
    </message>
    <message>
        <source>Select a request to act on it.</source>
        <translation>Chọn một yêu cầu để xử lý.</translation>
    </message>
    <message>
        <source>Select a request first.</source>
        <translation>Hãy chọn một yêu cầu trước.</translation>
    </message>
    <message>
        <source>Not done: {why}</source>
        <translation>Không thực hiện được: {why}</translation>
    </message>
    <message>
        <source>Request {id} answered.</source>
        <translation>Đã trả lời yêu cầu {id}.</translation>
    </message>
    <message>
        <source>Request {id} done.</source>
        <translation>Đã hoàn tất yêu cầu {id}.</translation>
    </message>
    <message>
        <source>the email of {ref} is not known here</source>
        <translation>không xác định được email của {ref} tại đây</translation>
    </message>
    <message>
        <source>The account {email} is restored.</source>
        <translation>Đã khôi phục tài khoản {email}.</translation>
    </message>
    <message>
        <source>Not registered: {why}</source>
        <translation>Chưa ghi nhận được: {why}</translation>
    </message>
    <message>
        <source>Request {id} registered.</source>
        <translation>Đã ghi nhận yêu cầu {id}.</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>{count} more rows are in the workbook.</source>
        <translation>Còn {count} dòng nữa trong tệp bảng tính.</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>Mục lục</translation>
    </message>
    <message>
        <source>Page {page} of {pages}</source>
        <translation>Trang {page} / {pages}</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Phạm vi</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Múi giờ</translation>
    </message>
    <message>
        <source>Generated</source>
        <translation>Lập lúc</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Người lập</translation>
    </message>
    <message>
        <source>Audit trail head</source>
        <translation>Đầu chuỗi nhật ký kiểm toán</translation>
    </message>
    <message>
        <source>Figure</source>
        <extracomment>A named figure, its value, unit and decimals.</extracomment>
        <translation>Chỉ tiêu</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Giá trị</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>Đơn vị</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Thiết bị</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Từ</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Đến</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Độ dài</translation>
    </message>
</context>
<context>
    <name>ReportDialog</name>
    <message>
        <source>New report</source>
        <extracomment>Periods offered, as (key, first day, day after the last) from today&apos;s date. Emitted from the worker at each stage; delivered on the GUI thread.</extracomment>
        <translation>Báo cáo mới</translation>
    </message>
    <message>
        <source>Energy consumption analysis</source>
        <translation>Phân tích tiêu thụ điện năng</translation>
    </message>
    <message>
        <source>Device operations</source>
        <translation>Vận hành thiết bị</translation>
    </message>
    <message>
        <source>Technical diagnostics</source>
        <translation>Chẩn đoán kỹ thuật</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Hôm qua</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>7 ngày qua</translation>
    </message>
    <message>
        <source>Last week (Monday to Sunday)</source>
        <translation>Tuần trước (thứ Hai đến Chủ nhật)</translation>
    </message>
    <message>
        <source>This month so far</source>
        <translation>Tháng này đến nay</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Tháng trước</translation>
    </message>
    <message>
        <source>Last year</source>
        <translation>Năm trước</translation>
    </message>
    <message>
        <source>Dates below</source>
        <translation>Theo ngày bên dưới</translation>
    </message>
    <message>
        <source>Also the tables as a workbook (XLSX)</source>
        <translation>Kèm các bảng dưới dạng tệp bảng tính (XLSX)</translation>
    </message>
    <message>
        <source>Open the report when it is ready</source>
        <translation>Mở báo cáo khi lập xong</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Chọn…</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Báo cáo</translation>
    </message>
    <message>
        <source>Site or device</source>
        <translation>Địa điểm hoặc thiết bị</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Kỳ báo cáo</translation>
    </message>
    <message>
        <source>From (first day)</source>
        <translation>Từ (ngày đầu)</translation>
    </message>
    <message>
        <source>To (last day)</source>
        <translation>Đến (ngày cuối)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Lập báo cáo</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Đóng</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Mở</translation>
    </message>
    <message>
        <source>Save the report as</source>
        <translation>Lưu báo cáo thành</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>Tệp PDF (*.pdf)</translation>
    </message>
    <message>
        <source>There is no site you may report on.</source>
        <translation>Không có địa điểm nào bạn được phép lập báo cáo.</translation>
    </message>
    <message>
        <source>The last day comes before the first.</source>
        <translation>Ngày cuối đứng trước ngày đầu.</translation>
    </message>
    <message>
        <source>Choose a PDF file in a folder that exists.</source>
        <translation>Hãy chọn tệp PDF trong một thư mục đã tồn tại.</translation>
    </message>
    <message>
        <source>Reading the historian…</source>
        <translation>Đang đọc cơ sở dữ liệu lịch sử…</translation>
    </message>
    <message>
        <source>Laying out the pages…</source>
        <translation>Đang dàn trang…</translation>
    </message>
    <message>
        <source>Writing the workbook…</source>
        <translation>Đang ghi tệp bảng tính…</translation>
    </message>
    <message>
        <source>Finishing…</source>
        <translation>Đang hoàn tất…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Hủy</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Đang hủy…</translation>
    </message>
    <message>
        <source>Cancelled: nothing was written.</source>
        <translation>Đã hủy: không có gì được ghi.</translation>
    </message>
    <message>
        <source>The report could not be made: {problem}</source>
        <translation>Không lập được báo cáo: {problem}</translation>
    </message>
    <message>
        <source>Written: {file} ({pages} pages).</source>
        <translation>Đã ghi: {file} ({pages} trang).</translation>
    </message>
    <message>
        <source>Tables: {file}.</source>
        <translation>Các bảng: {file}.</translation>
    </message>
</context>
<context>
    <name>RequestForm</name>
    <message>
        <source>Register a request</source>
        <translation>Ghi nhận yêu cầu</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>how it came in, reference of the letter…</source>
        <translation>kênh tiếp nhận, số hiệu văn bản…</translation>
    </message>
    <message>
        <source>Person&apos;s email</source>
        <translation>Email của người yêu cầu</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Ghi chú</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>No.</source>
        <translation>Số</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Người yêu cầu</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Yêu cầu</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Ngày nhận</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>Ngày trả lời</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Ngày hoàn tất</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Hạn</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hoàn tất</translation>
    </message>
    <message>
        <source>open</source>
        <translation>đang mở</translation>
    </message>
    <message>
        <source>OVERDUE (no answer)</source>
        <translation>QUÁ HẠN (chưa trả lời)</translation>
    </message>
    <message>
        <source>OVERDUE (not done)</source>
        <translation>QUÁ HẠN (chưa hoàn tất)</translation>
    </message>
    <message>
        <source>Request {id}: {person}, {kind}.</source>
        <translation>Yêu cầu {id}: {person}, {kind}.</translation>
    </message>
    <message>
        <source>OVERDUE: the law asks for an answer by {date}.</source>
        <translation>QUÁ HẠN: luật yêu cầu trả lời chậm nhất vào {date}.</translation>
    </message>
    <message>
        <source>OVERDUE: due by {date}.</source>
        <translation>QUÁ HẠN: hạn chót là {date}.</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Ghi chú: {note}</translation>
    </message>
</context>
<context>
    <name>RoleForm</name>
    <message>
        <source>Change role of {email}</source>
        <translation>Đổi vai trò của {email}</translation>
    </message>
</context>
<context>
    <name>SessionMenus</name>
    <message>
        <source>&amp;Account</source>
        <extracomment>How often an open session checks that its account is still enabled (another workstation may disable it).</extracomment>
        <translation>&amp;Tài khoản</translation>
    </message>
    <message>
        <source>My data and privacy…</source>
        <translation>Dữ liệu của tôi và quyền riêng tư…</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>Đổi mật khẩu…</translation>
    </message>
    <message>
        <source>Second factor…</source>
        <translation>Xác thực hai yếu tố…</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Khóa</translation>
    </message>
    <message>
        <source>Switch user…</source>
        <translation>Đổi người dùng…</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Đăng xuất</translation>
    </message>
    <message>
        <source>A&amp;dministration</source>
        <translation>&amp;Quản trị</translation>
    </message>
    <message>
        <source>Users…</source>
        <translation>Người dùng…</translation>
    </message>
    <message>
        <source>Audit trail…</source>
        <translation>Nhật ký kiểm toán…</translation>
    </message>
    <message>
        <source>Privacy requests…</source>
        <translation>Yêu cầu về quyền riêng tư…</translation>
    </message>
    <message>
        <source>Alerts: outbox and test messages…</source>
        <translation>Thông báo: hộp thư đi và tin thử…</translation>
    </message>
    <message>
        <source>&amp;Reports</source>
        <translation>&amp;Báo cáo</translation>
    </message>
    <message>
        <source>New report…</source>
        <translation>Báo cáo mới…</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Your role needs a second factor: set it up to sign in.</source>
        <translation>Vai trò của bạn cần xác thực hai yếu tố: hãy thiết lập để đăng nhập.</translation>
    </message>
    <message>
        <source>Your account was disabled</source>
        <translation>Tài khoản của bạn đã bị vô hiệu hóa</translation>
    </message>
    <message>
        <source>The audit trail is broken at record {seq}: {problem}</source>
        <translation>Nhật ký kiểm toán bị đứt chuỗi tại bản ghi {seq}: {problem}</translation>
    </message>
    <message>
        <source>{count} privacy requests are overdue.</source>
        <translation>{count} yêu cầu về quyền riêng tư đã quá hạn.</translation>
    </message>
    <message>
        <source>The audit trail cannot be checked: {problem}</source>
        <translation>Không thể kiểm tra nhật ký kiểm toán: {problem}</translation>
    </message>
</context>
<context>
    <name>SignInForm</name>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>6-digit code, or a recovery code</source>
        <translation>Mã 6 chữ số, hoặc mã khôi phục</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Mã</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>Email</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <source>Enter your email and password.</source>
        <translation>Nhập email và mật khẩu của bạn.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <source>Sign-in failed: {problem}</source>
        <translation>Đăng nhập không thành công: {problem}</translation>
    </message>
</context>
<context>
    <name>SiteSetup</name>
    <message>
        <source>This configuration has no site file to save to.</source>
        <extracomment>``site/gateway`` or ``site/device``.</extracomment>
        <translation>Cấu hình này không có tệp cấu hình để lưu.</translation>
    </message>
    <message>
        <source>The site file {path} cannot be read: {problem}</source>
        <translation>Không đọc được tệp cấu hình {path}: {problem}</translation>
    </message>
    <message>
        <source>The site file {path} was edited on disk since it was loaded; nothing was saved. Wait for the window to load it, then make the change again.</source>
        <translation>Tệp cấu hình {path} đã bị sửa trên đĩa sau khi được nạp; chưa lưu gì. Hãy chờ cửa sổ nạp lại tệp, rồi thực hiện thay đổi lần nữa.</translation>
    </message>
</context>
<context>
    <name>SiteSetupMenu</name>
    <message>
        <source>&amp;Site</source>
        <translation>&amp;Nhà máy</translation>
    </message>
    <message>
        <source>Add a device…</source>
        <translation>Thêm thiết bị…</translation>
    </message>
    <message>
        <source>Edit the selected device…</source>
        <translation>Sửa thiết bị đang chọn…</translation>
    </message>
    <message>
        <source>Add a gateway…</source>
        <translation>Thêm cổng kết nối…</translation>
    </message>
    <message>
        <source>The edited site file cannot be put in force; the running configuration stays: {problem}</source>
        <translation>Không áp dụng được tệp cấu hình đã sửa; cấu hình đang chạy được giữ nguyên: {problem}</translation>
    </message>
    <message>
        <source>added</source>
        <translation>đã thêm</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>đã xoá</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>đã sửa</translation>
    </message>
    <message>
        <source>restarted</source>
        <translation>đã khởi động lại</translation>
    </message>
    <message>
        <source>The site file was edited outside the window and is in force ({changes}).</source>
        <translation>Tệp cấu hình đã được sửa bên ngoài cửa sổ và đang có hiệu lực ({changes}).</translation>
    </message>
    <message>
        <source>Saved and in force ({changes}); every other device kept polling.</source>
        <translation>Đã lưu và có hiệu lực ({changes}); các thiết bị khác vẫn được đọc liên tục.</translation>
    </message>
    <message>
        <source>no device changed</source>
        <translation>không thiết bị nào thay đổi</translation>
    </message>
    <message>
        <source>alarm rules</source>
        <translation>quy tắc cảnh báo</translation>
    </message>
    <message>
        <source>account settings</source>
        <translation>cài đặt tài khoản</translation>
    </message>
    <message>
        <source>privacy settings</source>
        <translation>cài đặt quyền riêng tư</translation>
    </message>
    <message>
        <source>alerts</source>
        <translation>thông báo cảnh báo</translation>
    </message>
    <message>
        <source>Changed {parts}: they apply when Wattkeeper is started again.</source>
        <translation>Đã sửa {parts}: có hiệu lực khi Wattkeeper được khởi động lại.</translation>
    </message>
</context>
<context>
    <name>SiteWatch</name>
    <message>
        <source>… and {count} more</source>
        <extracomment>Editors write a file in several steps; the check waits this long after the last one. What the operator should read about a broken edit (&quot;&quot; once the file matches the running one). A valid site file that differs from the running one.</extracomment>
        <translation>… và {count} lỗi khác</translation>
    </message>
    <message>
        <source>The site file was edited and has problems; the running configuration stays:
{problems}</source>
        <translation>Tệp địa điểm đã được sửa và có lỗi; cấu hình đang chạy được giữ nguyên:
{problems}</translation>
    </message>
</context>
<context>
    <name>Trend</name>
    <message>
        <source>Live</source>
        <extracomment>Buckets per trend: about one per horizontal pixel of a wide plot.</extracomment>
        <translation>Trực tiếp</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 giờ</translation>
    </message>
    <message>
        <source>8 hours</source>
        <translation>8 giờ</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 giờ</translation>
    </message>
    <message>
        <source>7 days</source>
        <translation>7 ngày</translation>
    </message>
    <message>
        <source>30 days</source>
        <translation>30 ngày</translation>
    </message>
    <message>
        <source>1 year</source>
        <translation>1 năm</translation>
    </message>
</context>
<context>
    <name>TrendView</name>
    <message>
        <source>How far back the trend reaches</source>
        <extracomment>Loads (path, seconds, end in UTC ms or None for now) from the historian; runs on a worker thread. How far back the live span reaches, for its comparison with an earlier day. How often a history span is loaded again while shown, so it keeps up with the present. A live trend is drawn again at most this often, and at least this often (seconds). The live trends of this program, in the order they were made: they share out the redraw interval evenly, so that many never draw in one frame. A pan or zoom loads history once the axis has been still this long. Line colour and pattern of each pen in turn: told apart without colour too. A value in view: UTC seconds, point path, value, and the bucket&apos;s min and max over a history span. What a point dragged from the point table carries. The same span an earlier day or week, shifted onto this one, drawn faint. The last history answer drawn: UTC seconds, min, max (empty while live). A point path dropped on the trend (from the point table): the window adds it as a pen. &quot;csv&quot; or &quot;png&quot;: the operator asks for what the trend shows as a file. Live pens drawn as each pixel column&apos;s lowest and highest sample (a day of one-second samples is 86,400 points; a chart is a thousand or two columns wide). When the live pens are next worth drawing (monotonic seconds), at this trend&apos;s own phase of the interval, so that many trends do not all draw in the same frame. A fixed stretch of history the operator panned or zoomed to (UTC ms), or None: follow now.</extracomment>
        <translation>Khoảng thời gian hiển thị của biểu đồ xu hướng</translation>
    </message>
    <message>
        <source>Draw the same span an earlier day, faint, for comparison</source>
        <translation>Vẽ mờ cùng khoảng thời gian của một ngày trước để so sánh</translation>
    </message>
    <message>
        <source>No comparison</source>
        <translation>Không so sánh</translation>
    </message>
    <message>
        <source>Same time yesterday</source>
        <translation>Cùng giờ hôm qua</translation>
    </message>
    <message>
        <source>Same time last week</source>
        <translation>Cùng giờ tuần trước</translation>
    </message>
    <message>
        <source>CSV…</source>
        <translation>CSV…</translation>
    </message>
    <message>
        <source>The values now in view, as a CSV file</source>
        <translation>Các giá trị đang hiển thị, dưới dạng tệp CSV</translation>
    </message>
    <message>
        <source>PNG…</source>
        <translation>PNG…</translation>
    </message>
    <message>
        <source>The charts as a picture</source>
        <translation>Biểu đồ dưới dạng ảnh</translation>
    </message>
    <message>
        <source>Back to now</source>
        <translation>Về hiện tại</translation>
    </message>
    <message>
        <source>Follow the present again after panning or zooming into history</source>
        <translation>Theo dõi thời điểm hiện tại trở lại sau khi kéo hoặc phóng to vào lịch sử</translation>
    </message>
    <message>
        <source>At most {count} pens</source>
        <translation>Tối đa {count} đường</translation>
    </message>
    <message>
        <source>{path}: click to remove this pen</source>
        <translation>{path}: nhấn để bỏ đường này</translation>
    </message>
    <message>
        <source>Trend:</source>
        <translation>Xu hướng:</translation>
    </message>
    <message>
        <source>Trend: drop a point here</source>
        <translation>Xu hướng: thả một điểm đo vào đây</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Đang tải…</translation>
    </message>
    <message>
        <source>History unavailable: {error}</source>
        <translation>Không có dữ liệu lịch sử: {error}</translation>
    </message>
    <message>
        <source>Nothing recorded in this span</source>
        <translation>Không có dữ liệu được ghi trong khoảng này</translation>
    </message>
</context>
<context>
    <name>UserForm</name>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>comma separated, empty = all</source>
        <translation>phân cách bằng dấu phẩy, để trống = tất cả</translation>
    </message>
    <message>
        <source>at least {minimum} characters</source>
        <translation>ít nhất {minimum} ký tự</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>Hai mật khẩu không khớp.</translation>
    </message>
</context>
<context>
    <name>UsersDialog</name>
    <message>
        <source>Users</source>
        <translation>Người dùng</translation>
    </message>
    <message>
        <source>Add…</source>
        <extracomment>The form or question open over this window, if any (tests drive it).</extracomment>
        <translation>Thêm…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Vô hiệu hóa</translation>
    </message>
    <message>
        <source>Lift sign-in delay</source>
        <translation>Gỡ thời gian chờ đăng nhập</translation>
    </message>
    <message>
        <source>Reset second factor</source>
        <translation>Đặt lại xác thực hai yếu tố</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Đổi vai trò…</translation>
    </message>
    <message>
        <source>Set password…</source>
        <translation>Đặt mật khẩu…</translation>
    </message>
    <message>
        <source>Second factor required for</source>
        <extracomment>The buttons that act on the selected account (disabled while none is).</extracomment>
        <translation>Bắt buộc xác thực hai yếu tố cho</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>Kích hoạt</translation>
    </message>
    <message>
        <source>{email} can now sign in as {role}.</source>
        <translation>{email} giờ có thể đăng nhập với vai trò {role}.</translation>
    </message>
    <message>
        <source>{email} is enabled.</source>
        <translation>Đã kích hoạt {email}.</translation>
    </message>
    <message>
        <source>{email} is disabled.</source>
        <translation>Đã vô hiệu hóa {email}.</translation>
    </message>
    <message>
        <source>{email} may sign in again now.</source>
        <translation>{email} giờ có thể đăng nhập lại.</translation>
    </message>
    <message>
        <source>{email} had no sign-in delay.</source>
        <translation>{email} không bị chờ đăng nhập.</translation>
    </message>
    <message>
        <source>Forget the second factor of {email}? They set it up again at their next sign-in. Do this only when you are sure who asked (a lost phone).</source>
        <translation>Xóa xác thực hai yếu tố của {email}? Người này sẽ thiết lập lại ở lần đăng nhập tới. Chỉ làm việc này khi bạn chắc chắn ai là người yêu cầu (mất điện thoại).</translation>
    </message>
    <message>
        <source>The second factor of {email} is reset.</source>
        <translation>Đã đặt lại xác thực hai yếu tố của {email}.</translation>
    </message>
    <message>
        <source>{email} is now {role} on {sites}.</source>
        <translation>{email} giờ là {role} tại {sites}.</translation>
    </message>
    <message>
        <source>{email} has a new password; tell them in person.</source>
        <translation>{email} đã có mật khẩu mới; hãy báo trực tiếp cho người đó.</translation>
    </message>
    <message>
        <source>A second factor is now required for the role {role}.</source>
        <translation>Vai trò {role} giờ bắt buộc xác thực hai yếu tố.</translation>
    </message>
    <message>
        <source>A second factor is no longer required for the role {role}.</source>
        <translation>Vai trò {role} không còn bắt buộc xác thực hai yếu tố.</translation>
    </message>
</context>
<context>
    <name>UsersModel</name>
    <message>
        <source>Email</source>
        <extracomment>What the services raise when they refuse; the text says why (PasswordRejectedError is a ValueError). What :meth:`UsersDialog._act` returns when the service refused. Local time to the minute: enough to tell when someone last came in.</extracomment>
        <translation>Email</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Tổ chức</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Địa điểm</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <source>Second factor</source>
        <translation>Xác thực hai yếu tố</translation>
    </message>
    <message>
        <source>Last sign-in</source>
        <translation>Đăng nhập lần cuối</translation>
    </message>
    <message>
        <source>Sign-in delay</source>
        <translation>Chờ đăng nhập</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>có</translation>
    </message>
    <message>
        <source>no</source>
        <translation>không</translation>
    </message>
    <message>
        <source>never</source>
        <translation>chưa bao giờ</translation>
    </message>
    <message>
        <source>held back until {time}</source>
        <translation>bị tạm chặn đến {time}</translation>
    </message>
    <message>
        <source>All sites</source>
        <translation>Tất cả địa điểm</translation>
    </message>
    <message>
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>đã vô hiệu hóa</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>đã rút lại</translation>
    </message>
</context>
<context>
    <name>ValueCell</name>
    <message>
        <source>{path} — click for its trend</source>
        <extracomment>The quantities a tile shows first, in this order; a device without them shows its first points. Quantities that read 0 or 1, shown as words; and whole-number states, shown without decimals.</extracomment>
        <translation>{path} — nhấn để xem xu hướng</translation>
    </message>
    <message>
        <source>Waiting for a first reading</source>
        <translation>Đang chờ số đọc đầu tiên</translation>
    </message>
    <message>
        <source>last good {time}</source>
        <translation>tốt gần nhất {time}</translation>
    </message>
    <message>
        <source>never read good</source>
        <translation>chưa từng đọc được giá trị tốt</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Bật</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Tắt</translation>
    </message>
</context>
<context>
    <name>_SetupDialog</name>
    <message>
        <source>Save and apply</source>
        <extracomment>Ids as the site file takes them. What the save did, once in force.</extracomment>
        <translation>Lưu và áp dụng</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Xoá…</translation>
    </message>
    <message>
        <source>It cannot be removed while the site file still names it:
{problems}</source>
        <translation>Chưa xoá được khi tệp cấu hình vẫn còn nhắc đến nó:
{problems}</translation>
    </message>
    <message>
        <source>Saving and applying…</source>
        <translation>Đang lưu và áp dụng…</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Chưa lưu: {problem}</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>Alarm {alarm}: {before} -&gt; {after}</source>
        <translation>Cảnh báo {alarm}: {before} -&gt; {after}</translation>
    </message>
    <message>
        <source>{file} cannot be written: {problem}</source>
        <translation>Không ghi được {file}: {problem}</translation>
    </message>
    <message>
        <source>{count} audit records written to {file}</source>
        <translation>Đã ghi {count} bản ghi kiểm toán vào {file}</translation>
    </message>
    <message>
        <source>(the check itself could not be recorded: {problem})</source>
        <translation>(không ghi lại được chính lần kiểm tra này: {problem})</translation>
    </message>
    <message>
        <source>ok: {count} records, chain intact, head {head}</source>
        <translation>ok: {count} bản ghi, chuỗi nguyên vẹn, đầu chuỗi {head}</translation>
    </message>
    <message>
        <source>{count} records had their details erased by retention or a deletion</source>
        <translation>{count} bản ghi đã bị xóa chi tiết do chính sách lưu giữ hoặc do xóa dữ liệu</translation>
    </message>
    <message>
        <source>BROKEN at record {seq}: {problem}</source>
        <translation>ĐỨT CHUỖI tại bản ghi {seq}: {problem}</translation>
    </message>
    <message>
        <source>Collecting {points} points from {devices} devices into {db}; Ctrl+C stops.</source>
        <translation>Đang thu thập {points} điểm đo từ {devices} thiết bị vào {db}; nhấn Ctrl+C để dừng.</translation>
    </message>
    <message>
        <source>Stopped{reason}: {written} samples written, {dropped} dropped.</source>
        <translation>Đã dừng{reason}: đã ghi {written} mẫu, bỏ {dropped} mẫu.</translation>
    </message>
    <message>
        <source>Database ready: {path}</source>
        <translation>Cơ sở dữ liệu sẵn sàng: {path}</translation>
    </message>
    <message>
        <source>ok: {path} passed the integrity and cipher checks</source>
        <translation>ok: {path} đạt kiểm tra toàn vẹn và mã hóa</translation>
    </message>
    <message>
        <source>backup, restore and rekey work on the encrypted file; use pg_dump for PostgreSQL</source>
        <translation>backup, restore và rekey chỉ dùng cho tệp được mã hóa; với PostgreSQL hãy dùng pg_dump</translation>
    </message>
    <message>
        <source>Backup written: {file} (encrypted with the database&apos;s key)</source>
        <translation>Đã ghi bản sao lưu: {file} (mã hóa bằng khóa của cơ sở dữ liệu)</translation>
    </message>
    <message>
        <source>Audit trail head at the backup: {head}</source>
        <translation>Đầu chuỗi nhật ký kiểm toán lúc sao lưu: {head}</translation>
    </message>
    <message>
        <source>Restored {db} from {file}</source>
        <translation>Đã khôi phục {db} từ {file}</translation>
    </message>
    <message>
        <source>{count} accounts deleted since that backup were deleted again.</source>
        <translation>{count} tài khoản bị xóa sau bản sao lưu đó đã được xóa lại.</translation>
    </message>
    <message>
        <source>{db} is encrypted with a new key; the old key is retired</source>
        <translation>{db} đã được mã hóa bằng khóa mới; khóa cũ đã ngừng sử dụng</translation>
    </message>
    <message>
        <source>Parquet holds one point&apos;s raw samples, written to --output FILE; use CSV otherwise</source>
        <translation>Parquet chỉ chứa mẫu thô của một điểm đo, ghi vào --output FILE; các trường hợp khác hãy dùng CSV</translation>
    </message>
    <message>
        <source>{count} samples exported</source>
        <translation>Đã xuất {count} mẫu</translation>
    </message>
    <message>
        <source>{count} rows exported</source>
        <translation>Đã xuất {count} dòng</translation>
    </message>
    <message>
        <source>no site for point {point!r} in the site file</source>
        <translation>tệp địa điểm không có địa điểm nào cho điểm đo {point!r}</translation>
    </message>
    <message>
        <source>{text!r} is not a number of days or &apos;forever&apos;</source>
        <translation>{text!r} không phải là số ngày hoặc &apos;forever&apos;</translation>
    </message>
    <message>
        <source>changing or applying retention needs --user (an administrator)</source>
        <translation>thay đổi hoặc áp dụng chính sách lưu giữ cần --user (một quản trị viên)</translation>
    </message>
    <message>
        <source>deleted: {counts}</source>
        <translation>đã xóa: {counts}</translation>
    </message>
    <message>
        <source>No OS keyring here: the demo database key is kept in {path}.</source>
        <translation>Không có keyring của hệ điều hành: khóa cơ sở dữ liệu demo được lưu tại {path}.</translation>
    </message>
    <message>
        <source>Password for {email}: </source>
        <translation>Mật khẩu của {email}: </translation>
    </message>
    <message>
        <source>--to must be later than --from</source>
        <translation>--to phải muộn hơn --from</translation>
    </message>
    <message>
        <source>--max-points must be at least 2</source>
        <translation>--max-points phải ít nhất là 2</translation>
    </message>
    <message>
        <source>Data of {email} written to {file} ({records} audit records)</source>
        <translation>Đã ghi dữ liệu của {email} vào {file} ({records} bản ghi kiểm toán)</translation>
    </message>
    <message>
        <source>give --email and/or --organisation</source>
        <translation>hãy cung cấp --email và/hoặc --organisation</translation>
    </message>
    <message>
        <source>Now: {email}, {organisation}</source>
        <translation>Hiện tại: {email}, {organisation}</translation>
    </message>
    <message>
        <source>Recorded: {purpose} = {answer}</source>
        <translation>Đã ghi nhận: {purpose} = {answer}</translation>
    </message>
    <message>
        <source>Account withdrawn and disabled; it is deleted for good after {time}.</source>
        <translation>Tài khoản đã được rút lại và vô hiệu hóa; tài khoản sẽ bị xóa vĩnh viễn sau {time}.</translation>
    </message>
    <message>
        <source>{email} is active again.</source>
        <translation>{email} đã hoạt động trở lại.</translation>
    </message>
    <message>
        <source>Erased; records of it keep only {ref}.</source>
        <translation>Đã xóa hẳn; các bản ghi liên quan chỉ còn giữ {ref}.</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>QUÁ HẠN</translation>
    </message>
    <message>
        <source>done</source>
        <translation>hoàn tất</translation>
    </message>
    <message>
        <source>open</source>
        <translation>đang mở</translation>
    </message>
    <message>
        <source>Request {id} registered.</source>
        <translation>Đã ghi nhận yêu cầu {id}.</translation>
    </message>
    <message>
        <source>Inquiry {id} kept; it is purged after {days} days.</source>
        <translation>Đã lưu yêu cầu thông tin {id}; sẽ bị xóa sau {days} ngày.</translation>
    </message>
    <message>
        <source>Contact {id} added.</source>
        <translation>Đã thêm liên hệ {id}.</translation>
    </message>
    <message>
        <source>{target}, unit {unit}</source>
        <translation>{target}, Unit ID {unit}</translation>
    </message>
    <message>
        <source>SunSpec models: {models}</source>
        <translation>Mô hình SunSpec: {models}</translation>
    </message>
    <message>
        <source>{count} values in {reads} reads:</source>
        <translation>{count} giá trị trong {reads} lần đọc:</translation>
    </message>
    <message>
        <source>Problem: {problem}</source>
        <translation>Lỗi: {problem}</translation>
    </message>
    <message>
        <source>Password for {user}: </source>
        <translation>Mật khẩu của {user}: </translation>
    </message>
    <message>
        <source>  Problem: {problem}</source>
        <translation>  Lỗi: {problem}</translation>
    </message>
    <message>
        <source>{pdf}: {pages} pages</source>
        <translation>{pdf}: {pages} trang</translation>
    </message>
    <message>
        <source>no site {site!r} in the site file (sites: {known})</source>
        <translation>không có địa điểm {site!r} trong tệp địa điểm (các địa điểm: {known})</translation>
    </message>
    <message>
        <source>--to must be after --from</source>
        <translation>--to phải sau --from</translation>
    </message>
    <message>
        <source>--out names the PDF to write, e.g. report.pdf</source>
        <translation>--out là tên tệp PDF cần ghi, ví dụ report.pdf</translation>
    </message>
    <message>
        <source>Secret for {name}: </source>
        <translation>Giá trị bí mật cho {name}: </translation>
    </message>
    <message>
        <source>an empty secret was not stored</source>
        <translation>không lưu giá trị bí mật rỗng</translation>
    </message>
    <message>
        <source>Stored {name} in the OS keyring.</source>
        <translation>Đã lưu {name} vào keyring của hệ điều hành.</translation>
    </message>
    <message>
        <source>no secret named {name!r}</source>
        <translation>không có giá trị bí mật nào tên {name!r}</translation>
    </message>
    <message>
        <source>Removed {name}.</source>
        <translation>Đã xóa {name}.</translation>
    </message>
    <message>
        <source>stored</source>
        <translation>đã lưu</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>thiếu</translation>
    </message>
    <message>
        <source> (only if the key file is encrypted)</source>
        <translation> (chỉ khi tệp khóa được mã hóa)</translation>
    </message>
    <message>
        <source>The site file needs no secrets.</source>
        <translation>Tệp địa điểm không cần giá trị bí mật nào.</translation>
    </message>
    <message>
        <source>standard input ended before the {what} was given</source>
        <translation>đầu vào chuẩn đã kết thúc trước khi có {what}</translation>
    </message>
    <message>
        <source>no terminal to ask for the {what}; pass --password-stdin</source>
        <translation>không có terminal để hỏi {what}; hãy dùng --password-stdin</translation>
    </message>
    <message>
        <source>Again: </source>
        <translation>Nhập lại: </translation>
    </message>
    <message>
        <source>the two entries differ; nothing was changed</source>
        <translation>hai lần nhập không khớp; không có gì thay đổi</translation>
    </message>
    <message>
        <source>Code from the authenticator app (or a recovery code): </source>
        <translation>Mã từ ứng dụng xác thực (hoặc mã khôi phục): </translation>
    </message>
    <message>
        <source>no accounts yet: create the first administrator with &apos;wattkeeper users add EMAIL --role admin&apos;</source>
        <translation>chưa có tài khoản nào: hãy tạo quản trị viên đầu tiên bằng &apos;wattkeeper users add EMAIL --role admin&apos;</translation>
    </message>
    <message>
        <source>your role requires a second factor: set it up first with &apos;wattkeeper account mfa --user {email}&apos;</source>
        <translation>vai trò của bạn bắt buộc xác thực hai yếu tố: hãy thiết lập trước bằng &apos;wattkeeper account mfa --user {email}&apos;</translation>
    </message>
    <message>
        <source>Modbus TCP  {endpoint}  (SDM630 meter: unit {meter}, generator: unit {genset}, SunSpec PV inverter: unit {inverter})</source>
        <translation>Modbus TCP    {endpoint}  (công tơ SDM630: Unit ID {meter}, máy phát: Unit ID {genset}, biến tần PV SunSpec: Unit ID {inverter})</translation>
    </message>
    <message>
        <source>MQTT        {endpoint}  (sensor topic {topic})</source>
        <translation>MQTT          {endpoint}  (topic cảm biến {topic})</translation>
    </message>
    <message>
        <source>Site file   {path}</source>
        <translation>Tệp địa điểm  {path}</translation>
    </message>
    <message>
        <source>Fault       {fault} after {seconds:g} s</source>
        <translation>Sự cố         {fault} sau {seconds:g} s</translation>
    </message>
    <message>
        <source>Simulating; Ctrl+C stops.</source>
        <translation>Đang mô phỏng; nhấn Ctrl+C để dừng.</translation>
    </message>
    <message>
        <source>--sites names no site</source>
        <translation>--sites không chỉ định địa điểm nào</translation>
    </message>
    <message>
        <source>New password for {email}: </source>
        <translation>Mật khẩu mới cho {email}: </translation>
    </message>
    <message>
        <source>the first account must be an administrator: --role admin</source>
        <translation>tài khoản đầu tiên phải là quản trị viên: --role admin</translation>
    </message>
    <message>
        <source>No accounts yet: {email} becomes the first administrator.</source>
        <translation>Chưa có tài khoản nào: {email} trở thành quản trị viên đầu tiên.</translation>
    </message>
    <message>
        <source>Administrator {email} created.</source>
        <translation>Đã tạo quản trị viên {email}.</translation>
    </message>
    <message>
        <source>Administrators sign in with a second factor: set it up now with &apos;wattkeeper account mfa --user {email}&apos;.</source>
        <translation>Quản trị viên đăng nhập bằng xác thực hai yếu tố: hãy thiết lập ngay bằng &apos;wattkeeper account mfa --user {email}&apos;.</translation>
    </message>
    <message>
        <source>accounts exist: name the administrator adding this one with --user</source>
        <translation>đã có tài khoản: hãy dùng --user để chỉ định quản trị viên thêm tài khoản này</translation>
    </message>
    <message>
        <source>Account {email} ({role}) created.</source>
        <translation>Đã tạo tài khoản {email} ({role}).</translation>
    </message>
    <message>
        <source>all sites</source>
        <translation>tất cả địa điểm</translation>
    </message>
    <message>
        <source>2FA</source>
        <translation>2FA</translation>
    </message>
    <message>
        <source>no 2FA</source>
        <translation>không 2FA</translation>
    </message>
    <message>
        <source>{email} is enabled.</source>
        <translation>Đã kích hoạt {email}.</translation>
    </message>
    <message>
        <source>{email} is disabled.</source>
        <translation>Đã vô hiệu hóa {email}.</translation>
    </message>
    <message>
        <source>{email} may try to sign in again now.</source>
        <translation>{email} giờ có thể thử đăng nhập lại.</translation>
    </message>
    <message>
        <source>{email} was not held back.</source>
        <translation>{email} không bị tạm chặn.</translation>
    </message>
    <message>
        <source>{email} sets up a second factor again at the next sign-in.</source>
        <translation>{email} sẽ thiết lập lại xác thực hai yếu tố ở lần đăng nhập tới.</translation>
    </message>
    <message>
        <source>{email} has a new password.</source>
        <translation>{email} đã có mật khẩu mới.</translation>
    </message>
    <message>
        <source>{email} is now {role}.</source>
        <translation>{email} giờ là {role}.</translation>
    </message>
    <message>
        <source>no role</source>
        <translation>không vai trò nào</translation>
    </message>
    <message>
        <source>A second factor is required for: {roles}.</source>
        <translation>Bắt buộc xác thực hai yếu tố cho: {roles}.</translation>
    </message>
    <message>
        <source>Scan this code with an authenticator app:</source>
        <translation>Quét mã này bằng ứng dụng xác thực:</translation>
    </message>
    <message>
        <source>or type this secret into it: {secret}</source>
        <translation>hoặc nhập khóa bí mật này vào ứng dụng: {secret}</translation>
    </message>
    <message>
        <source>Code the app shows now: </source>
        <translation>Mã ứng dụng đang hiển thị: </translation>
    </message>
    <message>
        <source>Second factor ready. Keep these recovery codes somewhere safe, off this computer; each signs you in once if the phone is lost. They are not shown again:</source>
        <translation>Xác thực hai yếu tố đã sẵn sàng. Hãy cất giữ các mã khôi phục này ở nơi an toàn, ngoài máy tính này; mỗi mã cho phép đăng nhập một lần nếu mất điện thoại. Các mã sẽ không được hiển thị lại:</translation>
    </message>
    <message>
        <source>Current password: </source>
        <translation>Mật khẩu hiện tại: </translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>Đã đổi mật khẩu.</translation>
    </message>
    <message>
        <source>the site file defines no alert channels ([[alert_channels]])</source>
        <translation>tệp địa điểm không khai báo kênh thông báo nào ([[alert_channels]])</translation>
    </message>
    <message>
        <source>the test message was not sent: {why}</source>
        <translation>tin thử không gửi được: {why}</translation>
    </message>
    <message>
        <source>Test message sent through {channel}: {result}</source>
        <translation>Đã gửi tin thử qua {channel}: {result}</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>trống</translation>
    </message>
    <message>
        <source>(machine)</source>
        <translation>(hệ thống máy)</translation>
    </message>
</context>
</TS>
